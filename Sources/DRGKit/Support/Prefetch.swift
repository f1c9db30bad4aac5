/// LLVM's prefetch intrinsic: asks the cache for a line without waiting for it.
///
/// Swift has no prefetch function, and a plain load that misses holds up the core (see
/// docs/performance.md). The intrinsic's arguments: read (0) or write (1), locality 0–3
/// (3 = keep in every level), data (1) or instruction (0) cache.
@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(
  _ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ dataCache: Int32)

/// Starts loading the cache line that holds `pointer` for reading. It never faults, even
/// for an address that is not mapped, and it changes nothing the program can observe.
@inline(__always)
func prefetch<T>(_ pointer: UnsafePointer<T>) {
  llvmPrefetch(UnsafeRawPointer(pointer), 0, 3, 1)
}

/// Starts loading element `index` of `buffer` for reading (see ``prefetch(_:)``).
@inline(__always)
func prefetch<T>(_ buffer: UnsafeMutableBufferPointer<T>, _ index: Int) {
  prefetch(UnsafePointer(buffer.baseAddress! + index))
}
