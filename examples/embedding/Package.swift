// swift-tools-version: 6.0
import PackageDescription

// A program that embeds DRGKit: it depends on the DRGKit package two folders up by path.
// From the repository root: `swift run --package-path examples/embedding`.
let package = Package(
  name: "drg-embedding",
  dependencies: [.package(name: "DRGKit", path: "../..")],
  targets: [
    .executableTarget(
      name: "drg-embedding",
      dependencies: [
        .product(name: "DRGKit", package: "DRGKit"),
        .product(name: "DRGPayment", package: "DRGKit"),
      ])
  ]
)
