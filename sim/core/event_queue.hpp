// gwsim/sim/core/event_queue.hpp -- the pending event sets for the engine,
// each in its own file behind the PendingEventSet concept.
#pragma once

#include "core/binary_heap.hpp"
#include "core/ladder_queue.hpp"
#include "core/pending_event_set.hpp"
