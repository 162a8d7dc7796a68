"""Issue #15: what changed in layer 1 across the collapse, from the per-epoch checkpoints that a watcher copied
(ckpt-epochN.pth, not committed). For each epoch: the norms of layer 1's query and key weights, the scale of its
attention logits, its attention entropy and largest weight on a fixed validation batch, and the size of the
residual stream that its post-norm receives. Writes weights.csv next to the checkpoints.
Usage: python experiments/collapse_weights.py RUN_FOLDER"""
import sys, re, torch, pandas as pd
from pathlib import Path
from arvit.cli import RunConfig, build
from arvit.utils import atomic_write_text
import json

d = Path(sys.argv[1])
cfg = RunConfig(**{k: v for k, v in json.loads((d/'config.json').read_text()).items() if k in RunConfig.__dataclass_fields__})
cfg.valid_subset = 20
learn = build(cfg); m = learn.model.eval()
xb = learn.dls.valid.one_batch()[0][:64]
rows = []
for f in sorted(d.glob('ckpt-epoch*.pth'), key=lambda p: int(re.findall(r'\d+', p.stem)[0])):
    m.load_state_dict(torch.load(f, map_location='cpu', weights_only=True)['model'])
    blk = m.blocks[1]; C = m.pos.shape[1]; H = blk.attn.heads
    w, b = blk.attn.qkv.weight, blk.attn.qkv.bias
    seen = {}
    h = m.blocks[1].register_forward_hook(lambda mod, inp, out: seen.__setitem__('x', inp[0]))
    with torch.no_grad():
        m(xb); h.remove()
        x = seen['x']; B, N, _ = x.shape
        qk = torch.nn.functional.linear(x + m.pos, w[:2*C], b[:2*C]).reshape(B, N, 2, H, C//H).permute(2, 0, 3, 1, 4)
        logits = (qk[0] * blk.attn.scale) @ qk[1].transpose(-2, -1)
        a = logits.softmax(-1)
        res = x + blk.attn(x, m.pos)               # what norm1 (post-norm) receives
    rows.append(dict(epoch=int(re.findall(r'\d+', f.stem)[0]), q_norm=float(w[:C].norm()), k_norm=float(w[C:2*C].norm()),
                     logit_std=float(logits.std()), logit_range=float((logits.amax(-1) - logits.amin(-1)).mean()),
                     entropy=float(-(a*a.clamp_min(1e-12).log()).sum(-1).mean()), max_attn=float(a.amax(-1).mean()),
                     resid_rms=float(res.pow(2).mean().sqrt()), attn_out_rms=float((res - x).pow(2).mean().sqrt())))
df = pd.DataFrame(rows); print(df.round(3).to_string(index=False))
atomic_write_text(d/'weights.csv', df.to_csv(index=False))
