// gwsim -- the command-line tool; the work is in cli.cpp.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return gwsim::cli_main(argc, argv); }
