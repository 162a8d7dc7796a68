"""Issue #14, GPU table: a compact copy of a dataset for the device machine, whose whole upload is capped at 64 MiB.
Center square of every image, resized to SIDE px, stored as WebP in the Imagenette layout (train/<wnid>/, val/<wnid>/).
memory_dls keeps only the center square anyway; what is lost is resolution (SIDE instead of 160) and a little to
compression. Imagewoof at 144 px, quality 75: about 46 MiB.
Usage: python experiments/gpu_data.py SRC_FOLDER DEST_FOLDER [SIDE] [QUALITY]"""
import sys
from pathlib import Path
from PIL import Image

src, dest = Path(sys.argv[1]), Path(sys.argv[2])
side, q = (int(sys.argv[3]) if len(sys.argv) > 3 else 144), (int(sys.argv[4]) if len(sys.argv) > 4 else 75)
n = 0
for f in sorted(src.glob('*/*/*')):
    if f.suffix.lower() not in ('.jpeg', '.jpg', '.png'): continue
    out = dest/f.relative_to(src).with_suffix('.webp'); out.parent.mkdir(parents=True, exist_ok=True)
    im = Image.open(f).convert('RGB'); w, h = im.size; s = min(w, h)
    im.crop(((w-s)//2, (h-s)//2, (w-s)//2 + s, (h-s)//2 + s)).resize((side, side), Image.BICUBIC).save(out, 'WEBP', quality=q)
    n += 1
print(f'{n} images -> {dest}')
