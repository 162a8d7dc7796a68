"Shared by the tests (importable as `helpers`: pytest puts tests/ on sys.path, and distrib_train.py runs from here)"
from arvit.model import arvit_small

def tiny(n_out, **kw):
    "An ARViT small enough for a test step in milliseconds: 32 px, 8 px patches (16 tokens), 3 layers of width 48"
    return arvit_small(n_out, **{'img_size': 32, 'patch_size': 8, 'dim': 48, 'depth': 3, 'heads': 4, 'ffn_dim': 64, 'dropout': 0., **kw})
