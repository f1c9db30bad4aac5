#!/usr/bin/env bash
# Formats the Swift sources with the toolchain's swift-format and the committed
# .swift-format; with --lint, only checks and fails on differences.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests Benchmarks Fuzz examples/embedding/Package.swift
  examples/embedding/Sources)
if [ "${1:-}" = "--lint" ]; then
  swift format lint --strict --recursive --parallel "${paths[@]}"
else
  swift format --in-place --recursive --parallel "${paths[@]}"
fi
