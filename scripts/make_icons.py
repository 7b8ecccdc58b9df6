"""Draw the app's icons into static/icons/ (run after changing the design; needs Pillow).

A circular "call back" arrow around a dot: on a rounded square for the regular icons,
full bleed with the glyph inside the safe zone for the maskable ones, and white on
transparent for the notification badge (Android draws badges as a silhouette).
"""

from pathlib import Path

from PIL import Image, ImageDraw

GREEN = (11, 110, 79, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
SCALE = 4  # draw large, then shrink: smooth edges without anti-aliasing support


def glyph(draw: ImageDraw.ImageDraw, size: int, box: float, colour) -> None:
    """The arrow within a centred square of `box` times the image size."""
    half = size * box / 2
    centre = size / 2
    radius = half * 0.78
    width = max(2, int(half * 0.26))
    bounds = (centre - radius, centre - radius, centre + radius, centre + radius)
    draw.arc(bounds, start=-60, end=210, fill=colour, width=width)
    # Arrowhead at the arc's open end (top right), pointing clockwise.
    tip_x, tip_y = centre + radius * 0.5, centre - radius * 0.866
    head = half * 0.36
    draw.polygon(
        [
            (tip_x - head * 0.3, tip_y - head * 0.9),
            (tip_x + head * 0.95, tip_y + head * 0.2),
            (tip_x - head * 0.55, tip_y + head * 0.75),
        ],
        fill=colour,
    )
    dot = half * 0.2
    draw.ellipse((centre - dot, centre - dot, centre + dot, centre + dot), fill=colour)


def icon(size: int, *, maskable: bool = False, badge: bool = False) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if badge:
        glyph(draw, big, 0.9, WHITE)
    elif maskable:
        draw.rectangle((0, 0, big, big), fill=GREEN)
        glyph(draw, big, 0.56, WHITE)  # inside the 80 % safe circle
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=GREEN)
        glyph(draw, big, 0.7, WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size).save(OUT / f"icon-{size}.png", optimize=True)
        icon(size, maskable=True).save(OUT / f"maskable-{size}.png", optimize=True)
    touch = Image.new("RGBA", (180, 180), GREEN)
    touch.alpha_composite(icon(180, maskable=True))
    touch.convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    icon(96, badge=True).save(OUT / "badge-96.png", optimize=True)


if __name__ == "__main__":
    main()
