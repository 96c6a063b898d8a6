package cmd

// Hook between `bgkit doctor` (cmd/doctor.go) and its --fix mode. The doctor
// command calls doctorFixHook when --fix is given; the fix implementation
// replaces this placeholder.
//
// CONTRACT: func doctorFix(f *Factory, root string, dryRun bool) error
// plans every fixable finding's edit, applies them all together (or prints
// one unified diff with dryRun), and returns; the doctor command then checks
// again and reports what remains.
func doctorFix(f *Factory, root string, dryRun bool) error {
	return usageErrorf("doctor --fix is not built yet")
}
