// Scenario processes and dumps are heavy on a 2-core machine, and some tests count processes:
// run the end-to-end tests one at a time (as ClrMD's TestTargets do).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
