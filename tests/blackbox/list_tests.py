"""Print `module.Class` for every unittest class with tests in this directory (used by
tests/CMakeLists.txt to register one CTest test per class)."""
import pathlib
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True

for path in sorted(HERE.glob("test_*.py")):
    module = __import__(path.stem)
    for name, obj in sorted(vars(module).items()):
        if (isinstance(obj, type) and issubclass(obj, unittest.TestCase)
                and obj.__module__ == path.stem
                and unittest.TestLoader().getTestCaseNames(obj)):
            print(f"{path.stem}.{name}")
