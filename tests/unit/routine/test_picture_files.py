"""A step's picture: its path in the routine file, and the file itself (picture_files)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.support.routine_texts import HEADER, only_problem
from tui.core.routine.loader import load_routine, parse_routine
from tui.core.routine.picture_files import (
    PictureError,
    picture_problems,
    read_picture,
    step_picture,
)
from tui.core.routine.spec import MAX_PICTURE_BYTES, MAX_PICTURE_PIXELS

STEP = '[[step]]\nkind = "hold"\nname = "Bird-dog"\nhold = 5\n'
ALT = 'image_alt = "On hands and knees, one arm and the opposite leg stretched out"\n'


def png(width: int = 8, height: int = 6, kind: str = "PNG") -> bytes:
    """A small real picture's bytes."""
    out = io.BytesIO()
    Image.new("L", (width, height), 200).save(out, format=kind)
    return out.getvalue()


def routine_with(tmp_path: Path, image: str, data: bytes | None = None) -> Path:
    """A routine file in ``tmp_path`` whose one step names ``image`` (written when ``data``)."""
    if data is not None:
        (tmp_path / image).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / image).write_bytes(data)
    path = tmp_path / "r.toml"
    path.write_text(HEADER + STEP + f'image = "{image}"\n' + ALT, encoding="utf-8")
    return path


def check_messages(path: Path) -> list[str]:
    return [str(p) for p in picture_problems(load_routine(path))]


# --------------------------------------------------------------------------- the path, as written


def test_a_picture_and_its_words_are_read_into_the_step() -> None:
    routine = parse_routine(HEADER + STEP + 'image = "pictures/bird-dog.png"\n' + ALT)
    step = routine.steps[0]
    assert step.image == "pictures/bird-dog.png"
    assert step.image_alt.startswith("On hands and knees")


def test_a_step_without_a_picture_has_none() -> None:
    step = parse_routine(HEADER + STEP).steps[0]
    assert (step.image, step.image_alt) == (None, "")


def test_a_picture_needs_its_words() -> None:
    message = only_problem(HEADER + STEP + 'image = "a.png"\n')
    assert message.startswith("r.toml:7: step 1 \"Bird-dog\": a picture needs 'image_alt'")


def test_words_without_a_picture_are_a_problem() -> None:
    assert "add 'image'" in only_problem(HEADER + STEP + ALT)


def test_empty_words_are_a_problem() -> None:
    text = HEADER + STEP + 'image = "a.png"\nimage_alt = "  "\n'
    assert "'image_alt' must not be empty" in only_problem(text)


@pytest.mark.parametrize(
    "image",
    ["/etc/picture.png", "C:/pictures/a.png", "pictures\\\\a.png", "../a.png", "p/../../a.png"],
)
def test_a_path_out_of_the_routine_folder_is_refused(image: str) -> None:
    message = only_problem(HEADER + STEP + f'image = "{image}"\n' + ALT)
    assert "'image' must" in message and "routine's folder" in message


@pytest.mark.parametrize("image", ["a.gif", "a.svg", "a.png.exe", "pictures/"])
def test_only_png_and_jpeg_names_are_taken(image: str) -> None:
    message = only_problem(HEADER + STEP + f'image = "{image}"\n' + ALT)
    assert "'image' must" in message


@pytest.mark.parametrize("image", ["a.PNG", "a.jpg", "deep/er/a.JPEG"])
def test_png_and_jpeg_names_in_any_case_are_taken(image: str) -> None:
    assert parse_routine(HEADER + STEP + f'image = "{image}"\n' + ALT).steps[0].image == image


def test_the_words_go_through_the_sanitiser() -> None:
    text = HEADER + STEP + 'image = "a.png"\nimage_alt = "Arm \\u202e up"\n'
    assert "<U+202E>" in only_problem(text)


def test_a_rest_takes_no_picture() -> None:
    text = HEADER + '[[step]]\nkind = "rest"\nname = "Rest"\nduration = 10\n'
    message = only_problem(text + 'image = "a.png"\n')
    assert "'image' does not apply to a rest step" in message


# --------------------------------------------------------------------------- the file itself


def test_a_real_png_is_read_with_its_size(tmp_path: Path) -> None:
    path = routine_with(tmp_path, "pictures/a.png", png(8, 6))
    routine = load_routine(path)
    picture = step_picture(routine, routine.steps[0])
    assert picture is not None
    assert (picture.format, picture.width, picture.height) == ("PNG", 8, 6)
    assert picture.media_type == "image/png"
    assert picture.alt.startswith("On hands and knees")
    assert picture_problems(routine) == []


def test_a_jpeg_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(png(kind="JPEG"))
    assert read_picture(tmp_path, "a.jpg").format == "JPEG"


def test_the_contents_decide_not_the_name(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png(kind="JPEG"))
    assert read_picture(tmp_path, "a.png").format == "JPEG"


def test_a_missing_picture_is_reported_at_its_line(tmp_path: Path) -> None:
    path = routine_with(tmp_path, "pictures/a.png")
    [message] = check_messages(path)
    assert message.startswith(f"{path}:7: step 1 \"Bird-dog\": the picture 'pictures/a.png' is")
    assert "not there" in message


def test_a_picture_that_is_not_one_inside_is_refused(tmp_path: Path) -> None:
    path = routine_with(tmp_path, "a.png", b"GIF89a" + bytes(40))
    [message] = check_messages(path)
    assert "not a PNG or JPEG picture" in message


def test_a_damaged_png_is_refused(tmp_path: Path) -> None:
    path = routine_with(tmp_path, "a.png", png()[:30])
    [message] = check_messages(path)
    assert "cannot be opened as a picture" in message


def test_a_picture_too_large_on_disk_is_refused(tmp_path: Path) -> None:
    path = routine_with(tmp_path, "a.png", png() + bytes(MAX_PICTURE_BYTES))
    [message] = check_messages(path)
    assert "larger than 2 MB" in message


def test_a_picture_too_wide_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    path = routine_with(tmp_path, "a.png", png(MAX_PICTURE_PIXELS + 1, 1))
    [message] = check_messages(path)
    assert f"{MAX_PICTURE_PIXELS + 1} x 1 pixels" in message


def test_a_folder_is_not_a_picture(tmp_path: Path) -> None:
    (tmp_path / "a.png").mkdir()
    [message] = check_messages(routine_with(tmp_path, "a.png"))
    assert "is a folder" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.png")
    [message] = check_messages(routine_with(tmp_path, "a.png"))
    assert "not a regular file" in message


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(png())
    folder = tmp_path / "routine"
    folder.mkdir()
    (folder / "a.png").symlink_to(outside)
    [message] = check_messages(routine_with(folder, "a.png"))
    assert "leads outside the routine's folder" in message


def test_a_link_inside_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.png").write_bytes(png())
    (tmp_path / "a.png").symlink_to(tmp_path / "real.png")
    assert check_messages(routine_with(tmp_path, "a.png")) == []


def test_a_routine_from_text_has_no_folder_to_look_in() -> None:
    routine = parse_routine(HEADER + STEP + 'image = "a.png"\n' + ALT)
    assert picture_problems(routine) == []
    with pytest.raises(PictureError):
        step_picture(routine, routine.steps[0])


def test_the_bundled_pictures_are_small_and_sound() -> None:
    folder = Path(__file__).resolve().parents[3] / "routines"
    routine = load_routine(folder / "core-strength.toml")
    pictures = [step_picture(routine, step) for step in routine.steps if step.image]
    assert pictures and all(p is not None and len(p.data) < 20_000 for p in pictures)


def test_loading_a_routine_with_pictures_does_not_load_pillow(tmp_path: Path) -> None:
    path = routine_with(tmp_path, "a.png", png())
    code = (
        "import sys; from tui.core.routine.loader import load_routine; "
        f"load_routine({str(path)!r}); print('PIL' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
