package com.example.fieldnotes;

import com.getcapacitor.BridgeActivity;

public class MainActivity extends BridgeActivity {}
