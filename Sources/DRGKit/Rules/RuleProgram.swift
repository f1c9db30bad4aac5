/// Every rule of a scheme compiled into one flat array of nodes, with list names resolved to
/// list ids and department texts to department ids. A rule is the index of its root node.
struct RuleProgram: Sendable {
  enum Operation: UInt8, Sendable {
    case constant  // a: 1 true, 0 false
    case not  // a: child
    case and, or  // children[a..<a+b]
    case codeIn  // selector: which codes; a: list id
    case complication  // a: ComplicationLevel raw value
    case tagCount  // a: tag table; comparison; value
    case compare  // field, comparison, value
    case fieldIn  // field; numbers[a..<a+b]
    case deptIn  // departments[a..<a+b]; comparison == .notEqual negates
  }

  struct Node: Sendable {
    var operation: Operation
    /// Which codes a `codeIn` node tests.
    var selector: CodeSelector = .pdx
    /// The numeric field a `compare` or `fieldIn` node reads (never ``CaseField/dept``).
    var field: CaseField = .sex
    var comparison: Comparison = .equal
    var a: Int32 = 0
    var b: Int32 = 0
    var value: Double = 0
  }

  private(set) var nodes: [Node] = []
  private(set) var children: [Int32] = []
  private(set) var numbers: [Double] = []
  private(set) var departments: [UInt32] = []

  /// An empty program, to compile rules into.
  init() {}

  /// A program from the arrays the compiled form of a scheme stores (``SchemeCache``).
  init(nodes: [Node], children: [Int32], numbers: [Double], departments: [UInt32]) {
    self.nodes = nodes
    self.children = children
    self.numbers = numbers
    self.departments = departments
  }

  /// Resolves names while compiling. The program knows no names itself: what an unknown
  /// name means (and the error it throws, `Failure`) is the caller's, so the rule language
  /// does not depend on the scheme that uses it.
  struct Resolver<Failure: Error> {
    /// The list id of a list reference; throws when the list does not exist.
    var list: (ListReference) throws(Failure) -> Int32
    /// The tag table id of `dx_tags(LIST)`.
    var tagTable: (ListReference) throws(Failure) -> Int32
    /// The department id of a department code.
    var department: (String) -> UInt32
  }

  /// Compiles `expression` and returns its root node.
  mutating func compile<Failure>(
    _ expression: RuleExpression, resolver: Resolver<Failure>
  ) throws(Failure) -> Int32 {
    switch expression {
    case .constant(let value):
      return append(Node(operation: .constant, a: value ? 1 : 0))
    case .not(let inner):
      let child = try compile(inner, resolver: resolver)
      return append(Node(operation: .not, a: child))
    case .and(let terms), .or(let terms):
      var compiled: [Int32] = []
      for term in terms { compiled.append(try compile(term, resolver: resolver)) }
      let start = Int32(children.count)
      children.append(contentsOf: compiled)
      let isAnd = if case .and = expression { true } else { false }
      return append(
        Node(operation: isAnd ? .and : .or, a: start, b: Int32(compiled.count)))
    case .codeIn(let selector, let list):
      let id = try resolver.list(list)
      return append(
        Node(operation: .codeIn, selector: selector, a: id))
    case .complication(let level):
      return append(Node(operation: .complication, a: Int32(level.rawValue)))
    case .diagnosisTagCount(let list, let comparison, let value):
      let table = try resolver.tagTable(list)
      return append(
        Node(
          operation: .tagCount, comparison: comparison,
          a: table, value: value))
    case .compare(let field, let comparison, let value):
      if field.isText {
        let start = Int32(departments.count)
        departments.append(resolver.department(value.text))
        return append(
          Node(
            operation: .deptIn, comparison: comparison,
            a: start, b: 1))
      }
      guard case .number(let number, _) = value else {
        preconditionFailure("the parser only produces numbers for numeric fields")
      }
      return append(
        Node(
          operation: .compare, field: field,
          comparison: comparison, value: number))
    case .fieldIn(let field, let values):
      if field.isText {
        let start = Int32(departments.count)
        departments.append(contentsOf: values.map { resolver.department($0.text) })
        return append(
          Node(
            operation: .deptIn, comparison: .equal,
            a: start, b: Int32(values.count)))
      }
      let start = Int32(numbers.count)
      for value in values {
        guard case .number(let number, _) = value else {
          preconditionFailure("the parser only produces numbers for numeric fields")
        }
        numbers.append(number)
      }
      return append(
        Node(
          operation: .fieldIn, field: field, a: start,
          b: Int32(values.count)))
    }
  }

  private mutating func append(_ node: Node) -> Int32 {
    nodes.append(node)
    return Int32(nodes.count - 1)
  }
}
