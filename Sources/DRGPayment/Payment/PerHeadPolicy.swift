import DRGKit

extension SettlementPolicy {
  /// Per-head payment (按人头): each hospital or alliance (``Alliances``) is entitled to the
  /// persons enrolled with it (`--enrolment`) × a yearly rate per category (general
  /// outpatient, chronic disease, family-doctor contract …); at year end that capitation is
  /// balanced against the outpatient costs of the year (`--outpatient`) with the sharing
  /// bands, capitation in the place of N and cost in the place of A. With a ``budget`` the
  /// capitation is scaled by the factor that pays out the distributable budget exactly
  /// (the point-value solver, capitation yuan as points). A pool of its own, apart from the
  /// DRG pools.
  public struct PerHead: Sendable, Equatable, Decodable {
    /// One category and its rate.
    public struct Category: Sendable, Equatable, Decodable {
      /// The category's name as the enrolment and outpatient files write it (e.g.
      /// `general`, `chronic`, `family_doctor`).
      public var name: String
      /// Yuan per enrolled person a year.
      public var ratePerPerson: Double
      /// A category `name` paid `ratePerPerson` yuan per enrolled person a year.
      public init(name: String, ratePerPerson: Double) {
        self.name = name
        self.ratePerPerson = ratePerPerson
      }

      private enum CodingKeys: String, CodingKey, CaseIterable { case name, ratePerPerson }

      /// Reads one `categories` entry; `name` and `ratePerPerson` are required.
      public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        ratePerPerson = try c.decode(Double.self, forKey: .ratePerPerson)
      }
    }

    /// The categories and their rates; a category not listed is an error in the files.
    public var categories: [Category] = []
    /// The per-head pool's budget in yuan; `nil`: the capitation itself is paid (factor 1).
    public var budget: Double?
    /// Share of ``budget`` kept as a reserve (default 0).
    public var reserveShare = 0.0
    /// Sharing bands of the year-end balance; default the policy's ``SettlementPolicy/sharing``
    /// (`null` here: the capitation is paid whatever the cost).
    public var sharing: SharingBands?
    /// Whether ``sharing`` was given (else the policy's bands apply).
    public var sharingGiven = false
    /// Monthly prepayment ratio; default the policy's ``SettlementPolicy/prepaymentRatio``.
    public var prepaymentRatio: Double?
    /// No categories, no budget: the capitation itself is paid.
    public init() {}

    private enum CodingKeys: String, CodingKey, CaseIterable {
      case categories, budget, reserveShare, sharing, prepaymentRatio
    }

    /// Reads the policy's `perHead` object; `sharing: null` pays the capitation whatever the
    /// cost.
    public init(from decoder: any Decoder) throws {
      try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
      let c = try decoder.container(keyedBy: CodingKeys.self)
      categories = try c.decodeIfPresent([Category].self, forKey: .categories) ?? []
      budget = try c.decodeIfPresent(Double.self, forKey: .budget)
      reserveShare = try c.decodeIfPresent(Double.self, forKey: .reserveShare) ?? 0
      if c.contains(.sharing) {
        sharingGiven = true
        sharing = try c.decodeIfPresent(SharingBands.self, forKey: .sharing)
      }
      prepaymentRatio = try c.decodeIfPresent(Double.self, forKey: .prepaymentRatio)
    }

    /// Problems of the section, each naming its field.
    func problems() -> [String] {
      var found = PolicyProblems()
      if categories.isEmpty { found.add("perHead.categories: give at least one category") }
      var names: Set<String> = []
      for (index, category) in categories.enumerated() {
        let field = "perHead.categories[\(index)] '\(category.name)'"
        if category.name.isEmpty { found.add("perHead.categories[\(index)] needs a name") }
        if !names.insert(category.name).inserted {
          found.add("\(field): category names must differ")
        }
        found.atLeast("\(field).ratePerPerson", category.ratePerPerson, 0)
        if category.ratePerPerson >= 1e9 {
          found.add("\(field).ratePerPerson must be below 1000000000 yuan")
        }
      }
      if let budget {
        found.atLeast("perHead.budget", budget, 0)
        if budget >= 1e15 { found.add("perHead.budget must be below 10^15 yuan") }
      }
      found.within("perHead.reserveShare", reserveShare, 0..<1)
      if let prepaymentRatio { found.within("perHead.prepaymentRatio", prepaymentRatio, 0...1) }
      if let bands = sharing {
        found.within("perHead.sharing.surplusRetention", bands.surplusRetention, 0...1)
        found.within("perHead.sharing.surplusCap", bands.surplusCap, 0...1)
        found.within("perHead.sharing.overspendFundShare", bands.overspendFundShare, 0...1)
        found.atLeast("perHead.sharing.overspendBand", bands.overspendBand, 0)
      }
      return found.messages
    }
  }

  /// The sharing bands of the per-head balance: its own, else the policy's.
  public var perHeadSharing: SharingBands? {
    guard let perHead else { return nil }
    return perHead.sharingGiven ? perHead.sharing : sharing
  }
}
