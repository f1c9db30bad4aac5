extension Double {
  /// The number as warnings and value notes write it: `4` for whole numbers, else `4.5`.
  var noteText: String {
    self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
  }
}
