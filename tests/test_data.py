import os, tarfile
from pathlib import Path
import pytest, torch
from fastai.vision.all import imagenet_stats, get_image_files
from arvit.data import *
from conftest import require_real_data

def test_real_imagewoof_counts_and_batch():
    require_real_data()
    dls = imagewoof_dls(size=64, bs=32, num_workers=0)
    assert len(dls.train_ds) == 9025 and len(dls.valid_ds) == 3929
    assert dls.c == 10 and 'beagle' in dls.vocab and 'n02088364' not in dls.vocab
    xb, yb = dls.one_batch()
    assert xb.shape == (32, 3, 64, 64) and yb.shape == (32,)
    mean, std = torch.tensor(imagenet_stats[0])[:,None,None], torch.tensor(imagenet_stats[1])[:,None,None]
    px = xb*std + mean   # back to [0,1]
    assert px.min() >= -1e-4 and px.max() <= 1+1e-4 and px.std() > 0.1

def test_real_imagenette_names():
    require_real_data()
    dls = imagenette_dls(size=32, bs=8, subset=2, valid_subset=1, num_workers=0)
    assert sorted(dls.vocab) == sorted(IMAGENETTE_NAMES.values())
    assert len(dls.train_ds) == 20 and len(dls.valid_ds) == 10

def test_real_union_for_rotation_pretraining(tmp_path):
    "--dataset imagewoof+imagenette: both training sets as one (the paper's pre-training on many images), no copies"
    require_real_data()
    from arvit.cli import dataset_and_names, CLIError
    from arvit.data import fastai_home
    with fastai_home(tmp_path):
        path, names = dataset_and_names('imagewoof+imagenette', 160)
        assert len(get_image_files(path/'train')) == 9025 + 9469 and len(get_image_files(path/'val')) == 3929 + 3925
        assert len(names) == 20 and all(o.is_symlink() for o in (path/'train').iterdir())
        with pytest.raises(CLIError, match='join different known datasets'): dataset_and_names('imagewoof+cifar', 160)

def test_synthetic_layout(synth):
    assert sorted(p.name for p in synth.ls()) == ['noisy_synth.csv', 'train', 'val']
    assert len(get_image_files(synth/'train')) == 64 and len(get_image_files(synth/'val')) == 32
    rows = (synth/'noisy_synth.csv').read_text().splitlines()
    assert rows[0].startswith('path,') and len(rows) == 1 + 96
    dls = folder_dls(synth, size=32, bs=8, num_workers=0)
    assert dls.c == 4 and dls.one_batch()[0].shape == (8, 3, 32, 32)

def test_missing_data_error(tmp_path, monkeypatch):
    import arvit.data as D
    def offline(url, *a, **k): raise OSError('no network')
    monkeypatch.setattr(D, 'untar_data', offline)
    with fastai_home(tmp_path/'home'):
        with pytest.raises(DataNotFoundError) as e: dataset_path('imagewoof', 320, data_dir=tmp_path)
    msg = str(e.value)
    for s in ('ARVIT_DATA', 'imagewoof2-320.tgz', 'https://s3.amazonaws.com/fast-ai-imageclas/imagewoof2-320.tgz'): assert s in msg

def test_offline_extraction_is_atomic(tmp_path, monkeypatch, synth):
    "An archive in ARVIT_DATA is extracted once into fastai's data folder; a broken archive leaves nothing behind"
    import arvit.data as D
    monkeypatch.setattr(D, 'untar_data', lambda *a, **k: (_ for _ in ()).throw(OSError('no network')))
    src = tmp_path/'src'; src.mkdir()
    with tarfile.open(src/'imagewoof2-160.tgz', 'w:gz') as tf: tf.add(synth, arcname='imagewoof2-160')
    (src/'imagenette2-160.tgz').write_bytes(b'not a tar file')
    with fastai_home(tmp_path/'home') as home:
        p = dataset_path('imagewoof', 160, data_dir=src)
        assert p == home/'data'/'imagewoof2-160' and len(get_image_files(p)) == 96
        assert dataset_path('imagewoof', 160, data_dir=tmp_path/'empty') == p   # second call: no archive needed
        with pytest.raises(Exception): dataset_path('imagenette', 160, data_dir=src)
        assert sorted(x.name for x in (home/'data').iterdir()) == ['imagewoof2-160']   # no half-made folder

def test_bad_arguments(synth):
    with pytest.raises(ValueError, match='normalize'): folder_dls(synth, normalize='cifar')
    with pytest.raises(ValueError, match='size'): folder_dls(synth, size=0)
    with pytest.raises(DataNotFoundError, match='val/'): folder_dls(synth/'train')
