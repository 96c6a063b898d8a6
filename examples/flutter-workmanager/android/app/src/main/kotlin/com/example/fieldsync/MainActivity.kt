package com.example.fieldsync

import io.flutter.embedding.android.FlutterActivity

class MainActivity : FlutterActivity()
