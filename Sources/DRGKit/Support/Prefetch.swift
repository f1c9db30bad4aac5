/// LLVM's prefetch intrinsic: asks the cache for a line without waiting for it.
///
/// Swift has no prefetch function, and a plain load that misses holds up the core (see
/// docs/performance.md). The intrinsic's arguments: read (0) or write (1), locality 0–3
/// (3 = keep in every level), data (1) or instruction (0) cache.
@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(
  _ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ dataCache: Int32)

/// Requests for cache lines the engine will read soon.
///
/// A request never faults, even for an address that is not mapped, and changes nothing the
/// program can observe; it only lets a later load find its line in cache.
enum Prefetch {
  /// Starts loading the cache line that holds element `index` of `buffer`, for reading.
  @inline(__always)
  static func read<T>(_ buffer: UnsafeMutableBufferPointer<T>, _ index: Int) {
    llvmPrefetch(UnsafeRawPointer(buffer.baseAddress! + index), 0, 3, 1)
  }
}
