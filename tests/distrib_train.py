"Launched by test_distributed.py with torch.distributed.run: train with the Distance Loss and the recorder under fastai's distrib_ctx."
import json, os, sys
from pathlib import Path
import torch
from fastai.vision.all import set_seed, rank_distrib, num_distrib
from fastai.distributed import *
import arvit.distributed  # CPU (gloo) support for fastai's DistributedDL
from arvit.data import folder_dls
from arvit.learner import arvit_learner
from arvit.attention_distance import AttentionDistanceRecorder
from conftest import tiny

data, out, bs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
set_seed(0)
dls = folder_dls(data, size=32, bs=bs, num_workers=0, augment=False, check_images=False)
dls.train.shuffle = False
learn = arvit_learner(dls, arch=tiny, lam=1e-2, reg_kwargs=dict(reduction='mean'), path=out,
                      cbs=AttentionDistanceRecorder(probe_size=4, fname=f'history.csv'))
if num_distrib() > 1:
    with learn.distrib_ctx(): learn.fit(3, 1e-3)
else: learn.fit(3, 1e-3)
valid = [float(v) for v in learn.validate()]   # every rank: fastai gathers metrics across processes
if rank_distrib() == 0:
    torch.save(learn.model.state_dict(), out/'weights.pth')
    (out/'result.json').write_text(json.dumps(dict(world=num_distrib(), valid=valid)))
else: (out/f'rank{rank_distrib()}.done').write_text('ok')
