// Counts the tasks (threads included) a uid runs, as RLIMIT_NPROC does, so the
// sandbox can allow "this many more" instead of an absolute number that a
// busy desktop session already exceeds.
#pragma once

#include <sys/types.h>

namespace llmbox {

// Tasks whose real uid is `uid`, read from /proc; 0 when /proc is unreadable
// (the limit then becomes absolute).
long CountTasksOfUid(uid_t uid);

}  // namespace llmbox
