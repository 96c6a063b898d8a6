package com.example.bgfetchdemo

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent

/**
 * Marks that the device restarted, so the next launch syncs right away
 * instead of waiting for the first background fetch.
 */
class BootReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action != Intent.ACTION_BOOT_COMPLETED) return
        context.getSharedPreferences("bgfetchdemo", Context.MODE_PRIVATE)
            .edit()
            .putBoolean("syncOnLaunch", true)
            .apply()
    }
}
