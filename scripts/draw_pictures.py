"""Redraw the bundled exercise pictures in routines/pictures/ (run from the repository root).

    python scripts/draw_pictures.py            # writes routines/pictures/*.png
    python scripts/draw_pictures.py --out DIR  # somewhere else, to compare

The pictures are schematic stick figures, drawn here from coordinates so that
anyone can see exactly what they show and change them: a reminder of the
position, not a demonstration of technique (docs/routine-format.md says so).
Each is drawn three times larger and scaled down, which smooths the lines.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw

#: The picture's size in pixels, and how much larger it is drawn before scaling down.
SIZE, SCALE = (320, 180), 3
FLOOR = 160
LINE = 6

Point = tuple[float, float]

#: Each picture: its head (centre, radius) and the lines of its body, in picture pixels.
FIGURES: dict[str, tuple[Point, float, list[list[Point]]]] = {
    # On hands and knees, the right arm reaching forward and the left leg back, level.
    "bird-dog": (
        (100.0, 70.0),
        13.0,
        [
            [(120, 95), (108, 81)],  # neck
            [(120, 95), (210, 98)],  # back, flat
            [(120, 95), (122, FLOOR)],  # the supporting arm
            [(120, 95), (34, 92)],  # the reaching arm
            [(210, 98), (200, FLOOR), (256, FLOOR)],  # the supporting leg, knee down
            [(210, 98), (306, 94)],  # the reaching leg
        ],
    ),
    # Lying on the back, knees bent and feet flat, hips lifted in line with shoulders and knees.
    "glute-bridge": (
        (32.0, FLOOR - 13.0),
        12.0,
        [
            [(44, FLOOR - 9), (60, FLOOR - 6)],  # neck
            [(60, FLOOR - 6), (165, 106), (232, 76)],  # shoulders to hips to knees, straight
            [(232, 76), (250, FLOOR)],  # shins to the feet, flat on the floor
            [(62, FLOOR - 1), (140, FLOOR - 1)],  # arms resting on the floor
        ],
    ),
}


def draw(name: str) -> Image.Image:
    """One figure, black on white, in greyscale."""
    (cx, cy), radius, lines = FIGURES[name]
    big = Image.new("L", (SIZE[0] * SCALE, SIZE[1] * SCALE), 255)
    pen = ImageDraw.Draw(big)
    width = LINE * SCALE

    def at(point: Point) -> tuple[float, float]:
        return point[0] * SCALE, point[1] * SCALE

    pen.line([at((8, FLOOR + 4)), at((SIZE[0] - 8, FLOOR + 4))], fill=150, width=2 * SCALE)
    for line in lines:
        pen.line([at(p) for p in line], fill=0, width=width, joint="curve")
        for point in (line[0], line[-1]):  # round the ends
            x, y = at(point)
            pen.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=0)
    x, y, r = cx * SCALE, cy * SCALE, radius * SCALE
    pen.ellipse([x - r, y - r, x + r, y + r], outline=0, width=width)
    return big.resize(SIZE, Image.Resampling.LANCZOS)


def main(argv: list[str] | None = None) -> int:
    """Write every picture as ``NAME.png`` into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent / "routines" / "pictures"
    parser.add_argument("--out", type=Path, default=default)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in FIGURES:
        # A 16-grey palette keeps the files a few kilobytes each.
        picture = draw(name).quantize(colors=16)
        picture.save(args.out / f"{name}.png", optimize=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
