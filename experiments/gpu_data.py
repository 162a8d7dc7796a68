"""Issue #14, GPU tables: a compact copy of a dataset for the device machine, whose whole upload is capped at 64 MiB.
Every image as `arvit.data.decode_square(image, SIDE)` (shorter side resized to SIDE, bilinear, then the centre square:
the very squares `memory_dls` stores), saved as WebP at QUALITY (method 6, the smallest files) in the Imagenette
layout (train/<wnid>/, val/<wnid>/).
What is lost is resolution (SIDE instead of 160) and a little to compression.
- the small preset (64 px) stores 96 px squares (1.5 x size): SIDE 96 reproduces its stored images up to compression
  (quality 75: PSNR about 33.5 dB on 300 images, about 1.6 KB per image; both datasets' 26,348 images in one .tgz:
  42.4 MB, experiments/gpu_small.sh).
- the paper preset (256 px) ran from SIDE 144, quality 75 (experiments/runs/gpu*/; that copy was made before this
  script used decode_square: centre square first, then a bicubic resize, WebP method 4).
Usage: python experiments/gpu_data.py SRC_FOLDER DEST_FOLDER [SIDE] [QUALITY]"""
import sys
from pathlib import Path
from PIL import Image
from arvit.data import decode_square

src, dest = Path(sys.argv[1]), Path(sys.argv[2])
side, q = (int(sys.argv[3]) if len(sys.argv) > 3 else 144), (int(sys.argv[4]) if len(sys.argv) > 4 else 75)
n = 0
for f in sorted(src.glob('*/*/*')):
    if f.suffix.lower() not in ('.jpeg', '.jpg', '.png'): continue
    out = dest/f.relative_to(src).with_suffix('.webp'); out.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(decode_square(f, side)).save(out, 'WEBP', quality=q, method=6)
    n += 1
print(f'{n} images -> {dest}')
