import Foundation

/// libFuzzer harness `column-map`: the input bytes are a column map (`--columns map.json`),
/// read by ``ColumnMap/load(path:)``. Reading must throw an error with a message, or give a
/// map that is then applied, as every command applies it, to three small fixed files:
///
/// - a case file with pinyin-abbreviation headers (`XB`, `NL`, `ZYZD`, `QTZD1`, …) and one
///   with the canonical headers: the header is resolved (``ColumnResolution``, its report
///   lines built), and when it resolves the file is grouped with the demo scheme by
///   ``FileGrouping``; rows read must equal rows written and the status counts;
/// - a grouped file with pinyin headers: resolved for `drg weights` and `drg settle`
///   (``GroupedColumns``), and read by ``FileWeighting`` and ``SettlementCase/read``; every
///   row must be counted;
/// - a long-format export (a main table, a diagnosis table and a procedure table with
///   pinyin headers, joined by `JSLSH` / `JSH`): joined by ``LongFormatJoin`` with the map
///   (`settlement_id`, `diagnoses_file`, `procedures_file`); when the join succeeds it must
///   write the three stays, and the joined file is grouped as above.
///
/// A column the resolution names must lie inside the header; the only errors allowed after
/// loading are ``RecordError``s (a name the header lacks, two columns for one field, …).
enum ColumnMapHarness {
  static let pinyinCases = """
    BAH,JGDM,XB,NL,NLT,TZ,KB,ZYTS,LYFS,ZZJH,ZYZD,QTZD1,QTZD2,SS1,SS2,ZFY,XZLX,RYRQ,CYRQ
    D01,H01,1,67,,,28,24,1,410,J96.000,J18.900,I50.900,31.1x00,96.7200,186540.00,employee,2024-01-01,2024-01-25
    D05,H02,1,0,1,1200,0701,38,1,600,P07.100,P59.900,,,,98600.00,resident,2024-02-01,2024-03-10
    D09,H01,女,0,2,3200,0502,3,1,0,Z38.000,,,,,2150.00,resident,2024-03-01,2024-03-04
    D11,H03,1,0,12,2600,07,11,1,72,P23.900,P36.900,,,,21400.00,employee,2024-04-01,2024-04-12

    """

  static let canonicalCases = """
    case_id,hospital_id,sex,age,age_days,weight,dept,los,leaving,icu_hours,diagnoses,procedures,total_cost
    D01,H01,1,67,,,28,24,1,410,J96.000|J18.900|I50.900,31.1x00|96.7200|33.2200,186540.00
    D04,H03,2,59,,,0301,18,1,60,J96.000|I50.900,31.1x00|96.7100,72650.00
    D08,H04,2,0,2,2300,0701,9,1,0,P07.300|P59.900,,11250.00

    """

  static let pinyinGrouped = """
    BAH,JGDM,RYBH,XZLX,ZT,FZBM,FZMC,ZFY,ZYTS,LYFS,CYRQ,ZYZD,ZFJE
    C01,H001,P01,employee,grouped,GD19,appendix,8000,5,1,2024-01-07,K35.800,800
    C02,H001,P02,resident,grouped,OC19,delivery,3500,3,1,2024-02-04,O80.000,300
    C03,H002,P03,employee,grouped,ES31,pneumonia,15000,12,1,2024-03-13,J18.900,1500
    C04,H002,P04,employee,ungroupable,,,6000,4,1,2024-04-19,R69.x00,0
    C05,H003,P05,resident,invalid,,,900,2,2,2024-05-03,,50

    """

  static let longMain = """
    JSLSH,BAH,XB,NL,ZYTS,LYFS,ZFY
    1,C1,1,67,24,1,186540.00
    2,C2,2,5,3,1,2100.00
    3,C3,1,79,2,5,18600.00

    """

  static let longDiagnoses = """
    JSH,ZDDM,ZZDBZ,ZDXH
    1,J18.900,0,2
    1,J96.000,1,1
    2,J04.000x004,1,1
    3,I21.100,1,1
    4,K35.800,1,1

    """

  static let longProcedures = """
    JSH,SSDM,ZSSBZ,SSXH
    1,31.1x00,1,1
    3,37.2200,1,1
    3,88.5600,0,2

    """

  /// The long-format export's three tables, written once per process.
  static let longFiles: (main: String, diagnoses: String, procedures: String) = {
    func write(_ text: String, _ name: String) -> String {
      let path = FuzzSupport.scratchDirectory + "/" + name
      FuzzSupport.require(
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), "write")
      return path
    }
    return (
      write(longMain, "map-long-main.csv"), write(longDiagnoses, "map-long-diag.csv"),
      write(longProcedures, "map-long-oper.csv")
    )
  }()

  /// The three files, written once per process.
  static let files: (pinyin: String, canonical: String, grouped: String) = {
    func write(_ text: String, _ name: String) -> String {
      let path = FuzzSupport.scratchDirectory + "/" + name
      FuzzSupport.require(
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), "write")
      return path
    }
    return (
      write(pinyinCases, "map-pinyin-cases.csv"), write(canonicalCases, "map-cases.csv"),
      write(pinyinGrouped, "map-grouped.csv")
    )
  }()

  static func run(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let path = FuzzSupport.write(data, size, to: "map.json")
    let map: ColumnMap
    do {
      map = try ColumnMap.load(path: path)
    } catch {
      FuzzSupport.require(!error.message.isEmpty, "column map error without a message")
      return
    }
    let options = ColumnOptions(map: map)
    let files = Self.files
    for (file, lines) in [(files.pinyin, pinyinCases), (files.canonical, canonicalCases)] {
      let header = header(of: lines)
      guard resolve(header, options) != nil else { continue }
      group(file, map: map, rows: lines.split(separator: "\n").count - 1)
    }
    let header = header(of: pinyinGrouped)
    if resolve(header, options) != nil { readGrouped(files.grouped, options: options) }
    join(map: map)
  }

  /// Joins the long-format export as `drg group --diagnoses-file --procedures-file
  /// --columns` does, then groups the joined file.
  private static func join(map: ColumnMap) {
    let files = Self.longFiles
    var join = LongFormatJoin(
      main: files.main, diagnoses: files.diagnoses, procedures: files.procedures)
    join.columnMap = map
    let joined = FuzzSupport.scratchDirectory + "/map-long-joined.csv"
    do {
      let summary = try join.run(output: joined)
      FuzzSupport.require(summary.stays == 3, "join wrote \(summary.stays) stays")
    } catch let error as RecordError {
      FuzzSupport.require(!error.message.isEmpty, "join error without a message")
      return
    } catch {
      FuzzSupport.require(false, "join threw \(error)")
      return
    }
    group(joined, map: map, rows: 3)
  }

  private static func header(of text: String) -> [String] {
    text.prefix { $0 != "\n" }.split(separator: ",", omittingEmptySubsequences: false).map(
      String.init)
  }

  /// Resolves `header` under the map; checks every column found lies inside the header.
  private static func resolve(_ header: [String], _ options: ColumnOptions) -> ColumnResolution? {
    let columns: ColumnResolution
    do {
      columns = try ColumnResolution(header: header, file: "fuzz.csv", options: options)
    } catch {
      FuzzSupport.require(!error.message.isEmpty, "resolution error without a message")
      return nil
    }
    for field in ColumnField.allCases {
      for column in columns.columns(of: field) {
        FuzzSupport.require(
          (0..<header.count).contains(column), "\(field) at column \(column) of \(header.count)")
      }
    }
    _ = columns.summaryLine(fields: ColumnField.allCases)
    _ = columns.table(fields: ColumnField.allCases)
    return columns
  }

  /// Groups a case file as `drg group --columns` does.
  private static func group(_ input: String, map: ColumnMap, rows: Int) {
    var grouping = FileGrouping(scheme: FuzzSupport.demoScheme)
    grouping.columnMap = map
    grouping.threads = 1
    let summary: GroupingSummary
    do {
      summary = try grouping.run(
        input: input, output: FuzzSupport.scratchDirectory + "/map-grouped-out.csv")
    } catch let error as RecordError {
      FuzzSupport.require(!error.message.isEmpty, "grouping error without a message")
      return
    } catch {
      FuzzSupport.require(false, "grouping threw \(error)")
      return
    }
    FuzzSupport.require(
      summary.rowsRead == rows && summary.rowsWritten == rows
        && summary.byStatus.reduce(0, +) == rows,
      "\(rows) rows: \(summary)")
  }

  /// Reads the grouped file for `drg weights` and `drg settle` under the map.
  private static func readGrouped(_ input: String, options: ColumnOptions) {
    let rows = pinyinGrouped.split(separator: "\n").count - 1
    var weighting = FileWeighting()
    weighting.columnOptions = options
    weighting.threads = 1
    do {
      let weights = try weighting.run(input: input)
      FuzzSupport.require(weights.rowsRead == rows, "weights read \(weights.rowsRead) rows")
      _ = weights.summaryLines()
    } catch let error as RecordError {
      FuzzSupport.require(!error.message.isEmpty, "weights error without a message")
    } catch {
      FuzzSupport.require(false, "weights threw \(error)")
    }
    do {
      let cases = try SettlementCase.read(path: input, columns: options, threads: 1)
      FuzzSupport.require(cases.count == rows, "settle read \(cases.count) cases")
    } catch let error as RecordError {
      FuzzSupport.require(!error.message.isEmpty, "settle error without a message")
    } catch {
      FuzzSupport.require(false, "settle threw \(error)")
    }
  }
}
