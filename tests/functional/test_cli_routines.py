"""The routine commands: supple check, show, list, schema and new."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tui.cli import main
from tui.core import locations
from tui.core.routine.loader import load_routine
from tui.core.routine.schema import routine_schema
from tui.core.routine.starter import SCHEMA_FILE_NAME

GOOD = (
    '[routine]\ntitle = "Mine"\n'
    '[[step]]\nkind = "hold"\nname = "Stretch"\nsides = "both"\nhold = "30s"\nreps = 3\n'
    'rest = "10s"\nswitch = "5s"\n'
)
BAD = (
    '[routine]\ntitle = "Bad"\n'
    '[[step]]\nkind = "reps"\nname = "Glute bridge"\nreps = 10\nsets = 0\n'
)


def flat(text: str) -> str:
    """``text`` with every run of spaces and line breaks as one space (show wraps its lines)."""
    return " ".join(text.split())


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- check


def test_check_good_file_prints_ok_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "good.toml", GOOD)
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok\n"


def test_check_bad_file_prints_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "bad.toml", BAD)
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out == (
        f"{path}:7: step 1 \"Glute bridge\": 'sets' must be a whole number from 1 to 20, got 0\n"
    )


def test_check_opens_each_picture_and_reports_a_missing_one_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD + 'image = "pictures/stretch.png"\nimage_alt = "Lying on the back"\n'
    path = write(tmp_path, "mine.toml", text)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:11: step 1 \"Stretch\": the picture 'pictures/stretch.png' is")
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "stretch.png").write_bytes(b"not a picture at all")
    assert main(["check", str(path)]) == 1
    assert "is not a PNG or JPEG picture" in capsys.readouterr().out


def test_check_reports_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "good.toml", GOOD)
    bad = write(tmp_path, "bad.toml", BAD)
    assert main(["check", str(bad), str(good)]) == 1
    out = capsys.readouterr().out
    assert f"{good}: ok" in out and f"{bad}:7:" in out


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "gone.toml")]) == 1
    assert capsys.readouterr().out == f"{tmp_path / 'gone.toml'}: no such file\n"


def test_check_folder_checks_every_routine_file_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "week2").mkdir()
    good = write(tmp_path, "good.toml", GOOD)
    bad = write(tmp_path, "week2/bad.toml", BAD)
    write(tmp_path, "notes.txt", "not a routine")
    (tmp_path / ".hidden").mkdir()
    write(tmp_path, ".hidden/skip.toml", BAD)
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{good}: ok"
    assert out[1].startswith(f"{bad}:7: ")
    assert len(out) == 2


def test_check_folder_without_routines_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path)]) == 1
    assert capsys.readouterr().out == f"{tmp_path}: no routine files (.toml) in this folder\n"


def test_check_bundled_library_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in sorted(locations.bundled_routines_dir().glob("*.toml"))]
    assert main(["check", *files]) == 0
    assert capsys.readouterr().out.count(": ok\n") == len(files)


# --------------------------------------------------------------------------- show


def test_show_json_has_exactly_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "lumbar-stretches", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert set(plan) == {"title", "total_seconds", "segments"}
    assert plan["title"] == "Lumbar stretches"
    keys = {"kind", "step", "name", "side", "rep", "set", "label", "seconds"}
    assert all(set(segment) == keys for segment in plan["segments"])


def test_show_json_total_is_the_sum_of_timed_segments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["show", "core-strength", "--json"])
    plan = json.loads(capsys.readouterr().out)
    timed = [s["seconds"] for s in plan["segments"] if s["seconds"] is not None]
    assert plan["total_seconds"] == sum(timed)


def test_show_plan_has_dosage_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "mine.toml", GOOD)
    assert main(["show", str(path)]) == 0
    assert (
        "3 holds of 30 s on each side, left side first, 10 s rest between holds, "
        "5 s to switch sides"
    ) in flat(capsys.readouterr().out)


def test_show_plan_has_total_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "mine.toml", GOOD)
    main(["show", str(path)])
    # get ready 5 + 6 holds x 30 + 4 rests x 10 + switch 5 = 230 s
    assert "Total time: 3 min 50 s" in capsys.readouterr().out


def test_show_plan_has_the_header(capsys: pytest.CaptureFixture[str]) -> None:
    main(["show", "walking-intervals"])
    out = capsys.readouterr().out
    assert out.startswith("Walking intervals\n")
    assert "Prescription: 1 session a day, 5 days a week" in out
    assert "Safety:\n  - Stop if pain spreads further down your leg." in out
    assert "Contact: none given (the patient sees their own contact" in flat(out)


def test_show_reps_dosage_with_tempo_and_rest(capsys: pytest.CaptureFixture[str]) -> None:
    main(["show", "core-strength"])
    assert (
        "3 sets of 10 reps, paced 2 s up, 2 s hold, 2 s down (6 s a rep), 1 min rest between sets"
    ) in flat(capsys.readouterr().out)


def test_show_interval_dosage(capsys: pytest.CaptureFixture[str]) -> None:
    main(["show", "walking-intervals"])
    assert (
        "3 rounds of: Walk at an easy pace for 5 min, then Sit and lean forward for 2 min"
        in flat(capsys.readouterr().out)
    )


@pytest.mark.parametrize("columns", [50, 100])
def test_show_wraps_to_the_terminal_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    main(["show", "lumbar-stretches"])
    out = capsys.readouterr().out
    steps = out[out.index("Steps:") :].splitlines()
    assert max(len(line) for line in steps) <= columns
    assert max(len(line) for line in steps) > columns - 15  # it fills the width it has


def test_show_self_paced_sets_are_noted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = '[routine]\ntitle = "T"\n[[step]]\nkind = "reps"\nname = "B"\nreps = 8\nsets = 2\n'
    main(["show", str(write(tmp_path, "r.toml", text))])
    out = capsys.readouterr().out
    assert "2 sets of 8 reps, at your own pace (you end each set)" in out
    assert "Total time: 5 s plus the time the patient takes for self-paced sets" in out


def test_show_broken_routine_prints_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "bad.toml", BAD)
    assert main(["show", str(path)]) == 1
    captured = capsys.readouterr()
    assert "'sets' must be a whole number" in captured.err
    assert "Traceback" not in captured.err


def test_show_unknown_routine_is_a_plain_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "lumbar"]) == 1
    assert "did you mean 'lumbar-stretches'?" in capsys.readouterr().err


def test_show_finds_a_user_routine_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True)
    write(folder, "mine.toml", GOOD)
    assert main(["show", "mine"]) == 0
    assert capsys.readouterr().out.startswith("Mine\n")


# --------------------------------------------------------------------------- list


def test_list_shows_bundled_routines_with_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "lumbar-stretches" in out and "Lumbar stretches" in out


def test_list_shows_the_user_folder_and_how_to_add(capsys: pytest.CaptureFixture[str]) -> None:
    main(["list"])
    out = capsys.readouterr().out
    assert str(locations.user_routines_dir()) in out
    assert "supple new" in out


def test_list_shows_broken_user_routines(capsys: pytest.CaptureFixture[str]) -> None:
    folder = locations.user_routines_dir()
    folder.mkdir(parents=True)
    write(folder, "broken.toml", "[routine]\n")
    main(["list"])
    assert "broken" in capsys.readouterr().out


# --------------------------------------------------------------------------- schema and new


def test_schema_prints_the_schema_indented(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == routine_schema()
    assert out.startswith('{\n  "$schema"')


def test_new_writes_a_starter_that_loads(tmp_path: Path) -> None:
    path = tmp_path / "week1.toml"
    assert main(["new", str(path)]) == 0
    load_routine(path)


def test_new_starter_has_a_schema_comment_and_schema_file(tmp_path: Path) -> None:
    path = tmp_path / "week1.toml"
    main(["new", str(path)])
    assert path.read_text(encoding="utf-8").startswith(f"#:schema ./{SCHEMA_FILE_NAME}\n")
    schema = json.loads((tmp_path / SCHEMA_FILE_NAME).read_text(encoding="utf-8"))
    assert schema == routine_schema()


def test_new_starter_is_commented(tmp_path: Path) -> None:
    path = tmp_path / "week1.toml"
    main(["new", str(path)])
    text = path.read_text(encoding="utf-8")
    assert text.count("#") > 20
    assert tomllib.loads(text)["routine"]["title"]


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "week1.toml", "keep me")
    assert main(["new", str(path)]) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "keep me"


def test_new_force_overwrites(tmp_path: Path) -> None:
    path = write(tmp_path, "week1.toml", "replace me")
    assert main(["new", str(path), "--force"]) == 0
    load_routine(path)


def test_new_adds_the_toml_suffix(tmp_path: Path) -> None:
    main(["new", str(tmp_path / "week1")])
    assert (tmp_path / "week1.toml").is_file()


def test_new_without_schema(tmp_path: Path) -> None:
    main(["new", str(tmp_path / "week1.toml"), "--no-schema"])
    assert not (tmp_path / SCHEMA_FILE_NAME).exists()
