import pathlib

import pytest


def pytest_addoption(parser):
    parser.addoption("--build-dir", default="build/release", help="CMake build directory to test")


@pytest.fixture(scope="session")
def build_dir(request) -> pathlib.Path:
    path = pathlib.Path(request.config.getoption("--build-dir")).resolve()
    if not (path / "benches" / "phold").exists():
        pytest.fail(f"{path} holds no built benches/phold: build first (make build)")
    return path
