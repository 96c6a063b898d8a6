import Flutter
import UIKit
import workmanager_apple

@main
@objc class AppDelegate: FlutterAppDelegate {
  override func application(
    _ application: UIApplication,
    didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?
  ) -> Bool {
    GeneratedPluginRegistrant.register(with: self)

    // Plugins used inside the background isolate.
    WorkmanagerPlugin.setPluginRegistrantCallback { registry in
      GeneratedPluginRegistrant.register(with: registry)
    }
    // Same identifier as `uploadTask` in lib/main.dart.
    WorkmanagerPlugin.registerBGProcessingTask(withIdentifier: "com.example.fieldsync.upload")

    return super.application(application, didFinishLaunchingWithOptions: launchOptions)
  }
}
