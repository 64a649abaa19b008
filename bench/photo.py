"""Time the photo check (bot.pipeline.photo_check) on phone-sized photos, per photo.

A producer's photo is checked as it arrives, before the turn is answered, so its cost is part
of the answer's latency. Run: .venv/bin/python -m bench.photo [--repeat N]
"""

import argparse
import statistics
import time

from bot.pipeline.photo_check import check_photo
from tests.support import photo_images, screen_images

# (what, the photo's bytes): sizes a producer's phone sends (LINE keeps the camera's pixels).
PHOTOS = [
    ("1200×1200 JPEG, good", photo_images.sharp),
    ("1600×1200 JPEG", lambda: photo_images.landscape((1600, 1200))),
    ("4000×3000 JPEG (12 MP)", lambda: photo_images.landscape((4000, 3000))),
    ("1200×1200 PNG cut-out", photo_images.png_cutout),
    ("1200×1200 JPEG, busy backdrop", photo_images.busy_background),
    ("1080×2340 PNG screenshot", screen_images.chat_screenshot),
    ("1200×1600 JPEG, printed page", screen_images.printed_price_list),
    ("not an image", photo_images.not_an_image),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="checks per photo (default 20)")
    args = parser.parse_args()
    print(f"{'photo':<30} {'bytes':>10} {'median ms':>10} {'max ms':>8}  verdict")
    for name, make in PHOTOS:
        data = make()
        check_photo(data)  # warm-up: imports, decoder tables
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = check_photo(data)
            times.append((time.perf_counter() - start) * 1000)
        verdict = "ok" if result.ok else ",".join(result.problems)
        median, worst = statistics.median(times), max(times)
        print(f"{name:<30} {len(data):>10,} {median:>10.1f} {worst:>8.1f}  {verdict}")


if __name__ == "__main__":
    main()
