//===- compress-run.cpp - runs a compiled model on .npy / .pb inputs ------===//
// TODO(run): implementation.
int main() { return 1; }
