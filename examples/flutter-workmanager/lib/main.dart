import 'dart:io';

import 'package:flutter/material.dart';
import 'package:http/http.dart' as http;
import 'package:workmanager/workmanager.dart';

/// The task name. On iOS it is also the BGTask identifier, registered in
/// ios/Runner/AppDelegate.swift.
const uploadTask = 'com.example.fieldsync.upload';

@pragma('vm:entry-point')
void callbackDispatcher() {
  Workmanager().executeTask((task, inputData) async {
    if (task != uploadTask) {
      return Future.value(true);
    }
    try {
      final res = await http.post(
        Uri.parse('https://api.example.com/v1/surveys/flush'),
      );
      return res.statusCode < 500;
    } catch (_) {
      return false; // retry later
    }
  });
}

Future<void> scheduleUploads() async {
  if (Platform.isIOS) {
    await Workmanager().registerProcessingTask(
      uploadTask,
      uploadTask,
      initialDelay: const Duration(minutes: 30),
      constraints: Constraints(networkType: NetworkType.connected),
    );
  } else {
    await Workmanager().registerPeriodicTask(
      uploadTask,
      uploadTask,
      frequency: const Duration(hours: 1),
      constraints: Constraints(networkType: NetworkType.connected),
      existingWorkPolicy: ExistingPeriodicWorkPolicy.keep,
    );
  }
}

Future<void> main() async {
  WidgetsFlutterBinding.ensureInitialized();
  await Workmanager().initialize(callbackDispatcher);
  await scheduleUploads();
  runApp(const FieldSyncApp());
}

class FieldSyncApp extends StatelessWidget {
  const FieldSyncApp({super.key});

  @override
  Widget build(BuildContext context) {
    return const MaterialApp(
      title: 'Field Sync',
      home: Scaffold(
        body: Center(child: Text('Surveys upload in the background.')),
      ),
    );
  }
}
