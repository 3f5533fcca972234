// gwsim/sim/cli/cli.hpp -- the command-line interface as a function, shared by
// the gwsim executable and the Python package (python -m gwsim).
#pragma once

namespace gwsim {

// Runs `gwsim ARGS...` (argv[0] is the program name); returns the exit status.
int cli_main(int argc, const char* const* argv);

}  // namespace gwsim
