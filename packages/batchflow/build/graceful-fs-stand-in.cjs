// Stand-in for graceful-fs in proper-lockfile, swapped in when it is bundled (see tsup.config.ts).
// graceful-fs queues opens that fail with EMFILE and patches node:fs process-wide; the local lock
// store makes a few mkdir, stat, utimes and rmdir calls per lock write and opens no file through
// it, so node:fs serves them as they are, without the ~2 ms graceful-fs takes to load in a run.
module.exports = require("node:fs");
