package com.example.cleanapp

import android.app.Application

class CleanApplication : Application() {
    override fun onCreate() {
        super.onCreate()
        // Unique periodic work: enqueuing again on every start keeps the
        // existing schedule (ExistingPeriodicWorkPolicy.KEEP).
        SyncWorker.schedule(this)
    }
}
