import BackgroundTasks
import UIKit

/// Every identifier here is listed in Info.plist's
/// BGTaskSchedulerPermittedIdentifiers and registered exactly once below.
enum TaskID {
    /// BGAppRefreshTask (needs the `fetch` background mode).
    static let refresh = "com.example.cleanapp.refresh"
    /// BGProcessingTask (needs the `processing` background mode).
    static let cleanup = "com.example.cleanapp.cleanup"
}

@main
class AppDelegate: UIResponder, UIApplicationDelegate {

    var window: UIWindow?

    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        // Launch handlers must be registered before this method returns.
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskID.refresh, using: nil) { task in
            self.handleRefresh(task as! BGAppRefreshTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskID.cleanup, using: nil) { task in
            self.handleCleanup(task as! BGProcessingTask)
        }

        window = UIWindow(frame: UIScreen.main.bounds)
        window?.rootViewController = UIViewController()
        window?.makeKeyAndVisible()
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        scheduleRefresh()
        scheduleCleanup()
    }

    // MARK: - Scheduling

    func scheduleRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: TaskID.refresh)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 15 * 60)
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            print("Could not schedule \(TaskID.refresh): \(error)")
        }
    }

    func scheduleCleanup() {
        let request = BGProcessingTaskRequest(identifier: TaskID.cleanup)
        request.requiresNetworkConnectivity = false
        request.requiresExternalPower = true
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            print("Could not schedule \(TaskID.cleanup): \(error)")
        }
    }

    // MARK: - Handlers

    func handleRefresh(_ task: BGAppRefreshTask) {
        scheduleRefresh()
        let url = URL(string: "https://api.example.com/v1/sync")!
        let dataTask = URLSession.shared.dataTask(with: url) { _, response, error in
            let ok = error == nil && (response as? HTTPURLResponse)?.statusCode == 200
            task.setTaskCompleted(success: ok)
        }
        task.expirationHandler = { dataTask.cancel() }
        dataTask.resume()
    }

    func handleCleanup(_ task: BGProcessingTask) {
        scheduleCleanup()
        let work = DispatchWorkItem { Self.purgeExpiredCaches() }
        task.expirationHandler = { work.cancel() }
        work.notify(queue: .main) { task.setTaskCompleted(success: !work.isCancelled) }
        DispatchQueue.global(qos: .background).async(execute: work)
    }

    static func purgeExpiredCaches(olderThan age: TimeInterval = 7 * 24 * 60 * 60) {
        let fm = FileManager.default
        guard let caches = fm.urls(for: .cachesDirectory, in: .userDomainMask).first,
              let files = try? fm.contentsOfDirectory(at: caches, includingPropertiesForKeys: [.contentModificationDateKey])
        else { return }
        let cutoff = Date(timeIntervalSinceNow: -age)
        for file in files {
            let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
            if let modified, modified < cutoff {
                try? fm.removeItem(at: file)
            }
        }
    }
}
