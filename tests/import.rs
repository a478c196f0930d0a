//! The importer on real extracts (tests/fixtures/import, cut from public GitHub copies of the
//! GTD and ACLED: see its README) and on crafted bad files: what each row becomes, how names
//! link, that nothing is duplicated or half-written, and where each problem is said to be.
#![allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use proxyline::attribution::{Evaluator, Verdict};
use proxyline::import::{self, Format, ImportError, Options, Summary};
use proxyline::model::{self, Case, EventKind, Grade, Precision};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn builtin() -> Case {
    model::load_text(model::DEFAULT_CASE_NAME, model::DEFAULT_CASE_RON)
        .unwrap()
        .case
}

fn run(paths: &[PathBuf], base: Option<&Case>) -> Result<(Case, Summary), ImportError> {
    import::import(paths, base, &Options::default(), &mut |_| {})
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

/// The case survives a save and a reload with no error and no warning.
fn assert_valid(case: &Case) {
    let text = model::to_ron(case).unwrap();
    match model::load_text("imported.ron", &text) {
        Err(e) => panic!("the imported case does not load:\n{}", e.lines().join("\n")),
        Ok(loaded) => {
            let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
            assert!(warnings.is_empty(), "warnings:\n{}", warnings.join("\n"));
        }
    }
}

#[test]
fn a_gtd_release_becomes_one_sourced_event_per_eventid() {
    let (case, summary) = run(&[fixture("gtd-sample.csv")], None).unwrap();
    assert_eq!(summary.rows(), 12);
    assert_eq!(summary.events_added, 12);
    assert_eq!(summary.files[0].format, Format::Gtd);
    assert!(
        summary.files[0].windows_1252_fields > 0,
        "START ships cp1252"
    );
    assert_valid(&case);

    // imonth = iday = 0: a year, never an invented 1 January.
    let e = case.event("gtd-197000000002").unwrap();
    assert_eq!(e.date.precision(), Precision::Year);
    assert_eq!(e.date.to_string(), "1970");
    assert_eq!(e.kind, EventKind::Kidnapping);
    // iday = 0 only: a month.
    assert_eq!(
        case.event("gtd-197010000001").unwrap().date.to_string(),
        "1970-10"
    );
    // extended = 1 with a resolution date: a range.
    let ext = case.event("gtd-197009000001").unwrap();
    assert_eq!(
        ext.date_end.map(|d| d.to_string()),
        Some("1970-09-08".to_owned())
    );
    // A blank nkill is unknown; a 0 is a 0.
    assert!(case.event("gtd-197002280001").unwrap().killed.is_none());
    assert_eq!(case.event("gtd-197112040001").unwrap().deaths(), 15);
    assert_eq!(e.killed.as_ref().map(|k| k.min), Some(0));
    // gname "Unknown" names nobody.
    assert!(
        case.event("gtd-197002280001")
            .unwrap()
            .perpetrators
            .is_empty()
    );

    // Every event cites its row: dataset, id, file and line.
    let row = case.source("gtd-197000000002-row").unwrap();
    assert_eq!(row.title, "Global Terrorism Database, eventid 197000000002");
    assert_eq!(row.citation.as_deref(), Some("gtd-sample.csv, line 2"));
    assert!(e.sources.contains(&row.id));
    let last = case.source("gtd-197201000001-row").unwrap();
    assert_eq!(last.citation.as_deref(), Some("gtd-sample.csv, line 13"));

    // Windows-1252 text reads as the characters it stands for.
    assert!(
        case.sources
            .iter()
            .any(|s| s.title.contains('\u{e9}') || s.title.contains('\u{201c}')),
        "a cp1252 citation is decoded"
    );
}

#[test]
fn gtd_uncertainty_and_claims_set_the_grade_of_its_attribution() {
    let (case, _) = run(&[fixture("gtd-sample.csv")], None).unwrap();
    // guncertain1 = 1, claimed = 1 (the Armed Commandos of Liberation): suspected yet claimed.
    let e = case.event("gtd-197001090002").unwrap();
    assert_eq!(e.claims.len(), 1);
    assert_eq!(e.evidence[0].grade, "C3");
    assert!(e.evidence[0].shows.contains("suspected"));
    // Attributed and claimed (WUFI, personal claim): B2, and the mode is kept.
    let w = case.event("gtd-197004240004").unwrap();
    assert_eq!(w.evidence[0].grade, "B2");
    assert_eq!(
        w.claims[0].note.as_deref(),
        Some("claimed by personal claim")
    );
    // Attributed, no claim: B3.
    assert_eq!(
        case.event("gtd-197112040001").unwrap().evidence[0].grade,
        "B3"
    );
    for ev in case.all_evidence() {
        assert!(Grade::parse(&ev.grade).is_ok());
        assert!(!ev.sources.is_empty(), "{} cites its row", ev.id);
    }
}

#[test]
fn acled_rows_read_dates_precision_and_sides() {
    let (case, summary) = run(&[fixture("acled-sample.csv")], Some(&builtin())).unwrap();
    assert_eq!(summary.files[0].format, Format::Acled);
    assert_eq!(summary.files[0].rows, 13);
    assert_eq!(
        summary.files[0].out_of_scope, 3,
        "riots, protests, strategic developments"
    );
    let riots = summary
        .skipped
        .iter()
        .find(|s| s.reason.starts_with("Riots"))
        .unwrap();
    assert_eq!((riots.line, riots.unreadable), (5, false));
    // 9-May-20, time precision 1.
    let ied = case.event("acled-irq24248").unwrap();
    assert_eq!(ied.date.to_string(), "2020-05-09");
    assert!(!ied.approximate);
    assert_eq!(ied.kind, EventKind::Bombing);
    assert!(
        ied.perpetrators.is_empty(),
        "an unidentified armed group names nobody"
    );
    // time precision 2: approximate.
    let strike = case.event("acled-irq24194").unwrap();
    assert!(strike.approximate);
    assert_eq!(strike.kind, EventKind::DroneAttack);
    // A battle names both sides in the summary and no perpetrator.
    let battle = case.event("acled-irq24246").unwrap();
    assert!(battle.perpetrators.is_empty());
    assert!(battle.summary.contains("ACLED lists the sides as"));
    assert_eq!(battle.deaths(), 15);
    // ACLED's "<state forces> (years) <unit>" links the unit.
    assert!(summary.linked.iter().any(|l| l.actor == "pmf"));
    assert_valid(&case);
}

#[test]
fn acled_time_precision_3_is_a_month_and_the_old_layout_reads() {
    let (case, summary) = run(&[fixture("acled-sample-2.csv")], None).unwrap();
    assert_eq!(summary.files[0].format, Format::Acled);
    // The first record's notes span lines 2-7: the next record starts on line 8.
    let skipped: Vec<u64> = summary.skipped.iter().map(|s| s.line).collect();
    assert_eq!(skipped, vec![2, 9]);
    let e = &case.events[0];
    assert_eq!(
        e.kind,
        EventKind::OtherAttack,
        "\"Remote violence\", no sub-type"
    );
    assert_eq!(e.date.to_string(), "2015-01-04", "04-January-2015");
    assert!(!e.approximate);

    // time_precision 2 is approximate, 3 a month (a crafted row in the current layout).
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "acled.csv",
        b"event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,country,fatalities
          IRQ1,2020-02-29,3,Explosions/Remote violence,Grenade,Unidentified Armed Group (Iraq),Iraq,
          IRQ2,29 February 2020,2,Explosions/Remote violence,Grenade,Kataib Hezbollah,Iraq,0
",
    );
    let (case, _) = run(&[csv], Some(&builtin())).unwrap();
    let month = case.event("acled-irq1").unwrap();
    assert_eq!(month.date.to_string(), "2020-02");
    assert!(month.approximate && month.killed.is_none());
    let week = case.event("acled-irq2").unwrap();
    assert_eq!(
        (week.date.to_string().as_str(), week.approximate),
        ("2020-02-29", true)
    );
    assert_eq!(week.perpetrators, vec!["kh".to_owned()]);
}

#[test]
fn importing_again_replaces_instead_of_duplicating() {
    let base = builtin();
    let (once, _) = run(&[fixture("gtd-sample.csv")], Some(&base)).unwrap();
    let (twice, summary) = run(&[fixture("gtd-sample.csv")], Some(&once)).unwrap();
    assert_eq!(once.events.len(), base.events.len() + 12);
    assert_eq!(twice.events.len(), once.events.len());
    assert_eq!(twice.sources.len(), once.sources.len());
    assert_eq!(
        twice.actors.len(),
        once.actors.len(),
        "created actors are linked the second time"
    );
    assert_eq!((summary.events_added, summary.events_replaced), (0, 12));
    assert!(summary.created.is_empty());
    assert_valid(&twice);
}

#[test]
fn linked_incidents_are_evaluated_through_the_case_ties() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "kh.csv",
        b"eventid,iyear,imonth,iday,country_txt,city,gname,guncertain1,claimed,nkill\n\
          202002150001,2020,2,15,Iraq,Baghdad,Kata'ib Hizballah,0,1,\n",
    );
    let base = builtin();
    let (case, summary) = run(&[csv], Some(&base)).unwrap();
    assert_eq!(summary.linked[0].actor, "kh");
    let event = case.event("gtd-202002150001").unwrap();
    assert_eq!(event.perpetrators, vec!["kh".to_owned()]);
    let evaluator = Evaluator::new(&case, "iran");
    let support = evaluator.evaluate(
        event,
        proxyline::attribution::Standard::MaterialSupport,
        Grade::parse("C3").unwrap(),
    );
    assert_eq!(support.candidate.as_deref(), Some("kh"));
    assert!(
        !support.chain.is_empty(),
        "the chain runs through the case's ties"
    );
    assert_ne!(support.verdict, Verdict::NotApplicable);
}

#[test]
fn a_mapped_csv_reads_a_hand_kept_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "log.csv",
        "Ref;When;Town;Group;Dead;Type;Link\n\
         r1;15/02/2021;Erbil;Saraya Awliya al-Dam;1;rocket attack;https://example.org/r1\n\
         r2;03/03/2021;Ain al-Asad;;;RocketAttack;\n"
            .replace(';', ",")
            .as_bytes(),
    );
    let mapping = import::Mapping::parse(
        r#"(dataset: "Analyst's log", id_prefix: Some("log"), id: Some("Ref"), date: "When",
            date_order: Dmy, place: Some("Town"), perpetrator: Some("Group"),
            killed: Some("Dead"), kind: Some("Type"), source: Some("Link"), grade: Some("B3"))"#,
    )
    .unwrap();
    let options = Options {
        from: Some(Format::Csv),
        mapping: Some(mapping),
    };
    let (case, summary) = import::import(&[csv], Some(&builtin()), &options, &mut |_| {}).unwrap();
    assert_eq!(summary.events_added, 2);
    let e = case.event("log-r1").unwrap();
    assert_eq!(e.date.to_string(), "2021-02-15");
    assert_eq!(e.kind, EventKind::RocketAttack);
    assert_eq!(e.perpetrators, vec!["awliya-al-dam".to_owned()]);
    assert_eq!(e.evidence[0].grade, "B3");
    let cited = case.source("log-r1-s1").unwrap();
    assert_eq!(cited.url.as_deref(), Some("https://example.org/r1"));
    assert!(case.event("log-r2").unwrap().killed.is_none());
    assert_valid(&case);
}

#[test]
fn a_spreadsheet_reads_like_its_csv() {
    use zip::write::SimpleFileOptions;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gtd.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>eventid</t></is></c><c r="B1" t="inlineStr"><is><t>iyear</t></is></c><c r="C1" t="inlineStr"><is><t>imonth</t></is></c><c r="D1" t="inlineStr"><is><t>iday</t></is></c><c r="E1" t="inlineStr"><is><t>country_txt</t></is></c><c r="F1" t="inlineStr"><is><t>gname</t></is></c><c r="G1" t="inlineStr"><is><t>nkill</t></is></c></row>
<row r="2"><c r="A2"><v>197003290002</v></c><c r="B2"><v>1970</v></c><c r="C2"><v>3</v></c><c r="D2"><v>29</v></c><c r="E2" t="inlineStr"><is><t>Lebanon</t></is></c><c r="F2" t="inlineStr"><is><t>Popular Front for the Liberation of Palestine (PFLP)</t></is></c><c r="G2"><v>0</v></c></row>
<row r="3"><c r="A3"><v>197010000001</v></c><c r="B3"><v>1970</v></c><c r="C3"><v>10</v></c><c r="D3"><v>0</v></c><c r="E3" t="inlineStr"><is><t>Iran</t></is></c><c r="F3" t="inlineStr"><is><t>Siah KAL</t></is></c></row>
</sheetData></worksheet>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    let (case, summary) = run(&[path], None).unwrap();
    assert_eq!(summary.files[0].format, Format::Gtd);
    assert_eq!(summary.events_added, 2);
    let e = case.event("gtd-197003290002").unwrap();
    assert_eq!(e.date.to_string(), "1970-03-29");
    assert_eq!(e.killed.as_ref().map(|k| k.min), Some(0));
    let row = case.source("gtd-197010000001-row").unwrap();
    assert_eq!(row.citation.as_deref(), Some("gtd.xlsx, line 3"));
    assert_eq!(
        case.event("gtd-197010000001").unwrap().date.to_string(),
        "1970-10"
    );
    assert!(case.event("gtd-197010000001").unwrap().killed.is_none());
}

#[test]
fn bad_files_say_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let err = |p: PathBuf| run(&[p], None).unwrap_err();

    let e = err(write(d, "empty.csv", b""));
    assert_eq!((e.file.as_str(), e.line), ("empty.csv", 1));
    assert!(e.message.contains("empty"), "{e}");

    let e = err(write(d, "case.csv", model::DEFAULT_CASE_RON.as_bytes()));
    assert!(e.message.contains("case file"), "{e}");

    let e = err(write(d, "blob.csv", b"\x00\x01\x02PNG\x00"));
    assert!(e.message.contains("not a text file"), "{e}");

    let e = err(write(d, "other.csv", b"name,when\nx,2020\n"));
    assert_eq!((e.line, e.column), (1, Some(1)));
    assert!(e.message.contains("neither a GTD"), "{e}");

    let e = err(write(
        d,
        "gtd.csv",
        b"eventid,iyear,iday,country_txt,gname\n1,2020,1,Iraq,X\n",
    ));
    assert_eq!(
        e.to_string().split(':').take(2).collect::<Vec<_>>(),
        ["gtd.csv", "1"]
    );
    assert!(e.message.contains("\"imonth\""), "{e}");

    // One bad value among many rows: skipped and listed with its column; the rest imported.
    let mut text = String::from("eventid,iyear,imonth,iday,country_txt,gname,nkill\n");
    for i in 0..19 {
        writeln!(text, "{i},2020,1,{},Iraq,Unknown,1", i + 1).unwrap();
    }
    text.push_str("99,2020,13,1,Iraq,Unknown,1\n");
    let (_, summary) = run(&[write(d, "one-bad.csv", text.as_bytes())], None).unwrap();
    assert_eq!(summary.events_added, 19);
    let bad = &summary.skipped[0];
    assert_eq!((bad.line, bad.column, bad.unreadable), (21, Some(3), true));
    assert!(bad.reason.contains("13 is not a month"), "{}", bad.reason);

    // A truncated last row is skipped and listed.
    let mut cut = text.replace("99,2020,13,1,Iraq,Unknown,1\n", "");
    cut.push_str("100,2020,1");
    let (_, summary) = run(&[write(d, "cut.csv", cut.as_bytes())], None).unwrap();
    let last = summary.skipped.last().unwrap();
    assert_eq!(last.line, 21);
    assert!(last.reason.contains("cut short"), "{}", last.reason);

    // More than 10% unreadable: the import stops, naming the first bad row.
    let mut many = String::from("eventid,iyear,imonth,iday,country_txt,gname\n");
    for i in 0..10 {
        let month = if i < 3 { 13 } else { 1 };
        writeln!(many, "{i},2020,{month},1,Iraq,Unknown").unwrap();
    }
    let e = err(write(d, "many.csv", many.as_bytes()));
    assert_eq!((e.line, e.column), (2, Some(3)));
    assert!(e.message.contains("3 of 10 rows cannot be read"), "{e}");
}

#[test]
fn the_command_writes_nothing_when_an_input_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.ron");
    let bad = write(dir.path(), "bad.csv", b"");
    let bin = env!("CARGO_BIN_EXE_proxyline");
    let status = std::process::Command::new(bin)
        .args(["import"])
        .arg(fixture("gtd-sample.csv"))
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&status.stderr).contains("bad.csv:1: the file is empty"));
    assert!(!out.exists(), "nothing half-written");

    let done = std::process::Command::new(bin)
        .args(["import", "--into", "built-in"])
        .arg(fixture("acled-sample.csv"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        done.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let stdout = String::from_utf8_lossy(&done.stdout);
    assert!(stdout.contains("13 rows read, 10 events made"), "{stdout}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "a new case is readable like any saved file");
    }
    let loaded = model::load_path(&out).unwrap();
    assert!(loaded.case.event("acled-irq24248").is_some());
    assert!(loaded.case.event("erbil-2021").is_some() || loaded.case.events.len() > 40);
}

#[test]
fn imported_text_cannot_become_a_spreadsheet_formula() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "hostile.csv",
        b"eventid,iyear,imonth,iday,country_txt,city,gname\n\
          1,2020,1,2,Iraq,\"=HYPERLINK(\"\"http://x\"\")\",\"+cmd|' /C calc'!A0\"\n",
    );
    let (case, _) = run(&[csv], None).unwrap();
    let events: Vec<_> = case.events.iter().collect();
    let out = proxyline::export::to_csv(&events, None).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    for cell in &row {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "a cell a spreadsheet would run: {cell}"
        );
    }
    assert!(row.iter().any(|c| c == "'=HYPERLINK(\"http://x\")"));
}
