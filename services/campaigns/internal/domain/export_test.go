package domain

// Unexported rules, for the table tests of package domain_test.
var (
	CheckReady   = checkReady
	SchedulerMay = schedulerMay
	Elapsed      = elapsed
)
