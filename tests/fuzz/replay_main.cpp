// A stand-in for libFuzzer's driver when a target is built without it (any
// compiler; the asan preset): runs the target once on each file named on the
// command line, as libFuzzer does when given files. `make fuzz-regressions`
// replays the regression inputs and the seeds this way under the gcc
// AddressSanitizer build, with ASAN_OPTIONS bounding an allocation as
// libFuzzer's -malloc_limit_mb did.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "fuzz replay: cannot read %s\n", argv[i]);
      return 1;
    }
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  }
  std::fprintf(stderr, "fuzz replay: %d input(s) ran\n", argc - 1);
  return 0;
}
