"""Build the notebooks into static pages without Quarto, with figures, API docs and live widgets, and keep the README
in step with the home page. A development tool, not part of the `arvit` package: `nbs/15_site.ipynb` explains it.

    python tools/docs_site.py [--out _site_offline]      # the offline site
    python tools/docs_site.py --readme                   # README.md from nbs/index.ipynb
"""
from __future__ import annotations
import re, shutil, subprocess, sys, html, json
from pathlib import Path
import yaml   # a dev dependency: the docs builder is not part of the runtime package
from fastcore.script import call_parse

def project_root(path='.')->Path:
    "The folder holding `pyproject.toml`, from `path` upwards"
    p = Path(path).resolve()
    for d in [p, *p.parents]:
        if (d/'pyproject.toml').exists(): return d
    raise FileNotFoundError(f"no pyproject.toml above {p}: run from inside the arvit repository.")

def course(root=None)->list:
    "Notebook names in course order, read from `nbs/sidebar.yml` (the same order the Quarto site uses)"
    root = root or project_root()
    return [p for _, pages in sections(root) for p in pages]

def sections(root=None)->list:
    "[(section title, [notebook, ...]), ...] from `nbs/sidebar.yml`; pages outside a section come under the title ''"
    root = root or project_root()
    sb = yaml.safe_load((root/'nbs'/'sidebar.yml').read_text())
    out = []
    for c in sb['website']['sidebar']['contents']:
        if isinstance(c, str): out.append(('', [c]))
        else: out.append((c['section'], [p for p in c['contents'] if isinstance(p, str)]))
    return out

def readme_text(root=None)->str:
    "README.md as the markdown cells of `nbs/index.ipynb`, with links made relative to the repository root"
    import nbformat
    root = root or project_root()
    nb = nbformat.read(root/'nbs'/'index.ipynb', as_version=4)
    md = '\n\n'.join(c.source.strip() for c in nb.cells if c.cell_type == 'markdown')
    md = re.sub(r'\]\((?!https?:|#|/)([^)\s]+)\)', r'](nbs/\1)', md)   # images/x.png -> nbs/images/x.png, 00_data.ipynb -> nbs/...
    return md.strip() + '\n'

_STYLE = """<style>
body{margin:0} .arvit-nav{position:fixed;top:0;left:0;bottom:0;width:230px;overflow-y:auto;background:#f6f8fa;border-right:1px solid #ddd;padding:12px;font:14px sans-serif}
.arvit-nav a{display:block;padding:3px 6px;color:#24292f;text-decoration:none;border-radius:4px} .arvit-nav a.current{background:#dbe9ff;font-weight:600}
.arvit-sec{margin:14px 0 4px;font-size:12px;font-weight:700;text-transform:uppercase;color:#57606a} .arvit-main{margin-left:260px} .arvit-pager{display:flex;justify-content:space-between;margin:2em 1em;font:15px sans-serif}
</style>"""

def _title(nb_path:Path)->str:
    import nbformat
    nb = nbformat.read(nb_path, as_version=4)
    for c in nb.cells:
        if c.cell_type == 'markdown':
            m = re.search(r'^#\s+(.+)$', c.source, flags=re.M)
            if m: return m.group(1).strip()
    return nb_path.stem

def _page(body:str, name:str, pages:list, titles:dict, heads:dict|None=None)->str:
    stem = lambda n: Path(n).stem
    html_name = lambda n: 'index.html' if stem(n) == 'index' else stem(n) + '.html'
    body = re.sub(r'href="(?!https?:)([^"#]+?)\.ipynb(#[^"]*)?"', lambda m: f'href="{html_name(m.group(1))}{m.group(2) or ""}"', body)
    heads = heads or {}   # the first page of each sidebar section -> the section's title
    nav = ''.join((f'<div class="arvit-sec">{html.escape(heads[p])}</div>' if p in heads else '')
                  + f'<a href="{html_name(p)}"{" class=current" if p == name else ""}>{html.escape(titles[p])}</a>' for p in pages)
    i = pages.index(name)
    prev = f'<a href="{html_name(pages[i-1])}">&larr; {html.escape(titles[pages[i-1]])}</a>' if i else '<span></span>'
    nxt = f'<a href="{html_name(pages[i+1])}">{html.escape(titles[pages[i+1]])} &rarr;</a>' if i + 1 < len(pages) else '<span></span>'
    # MathJax 3, plus the MathJax 2 `Hub.Queue` that the widget manager calls to typeset labels (a no-op here)
    mathjax = ('<script>var _hub={Queue:function(){}};window.MathJax={Hub:_hub,tex:{inlineMath:[["$","$"],["\\\\(","\\\\)"]]},'
               'chtml:{fontURL:"static/mathjax/fonts"},startup:{ready:function(){MathJax.startup.defaultReady();MathJax.Hub=_hub;}}}</script>'
               '<script src="static/mathjax/tex-chtml.js"></script>')
    body = re.sub(r'\{target="_blank"[^}]*\}', '', body)   # Quarto link attributes in show_doc's markdown
    body = body.replace('</head>', _STYLE + mathjax + '</head>', 1)
    body = re.sub(r'(<body[^>]*>)', r'\1<nav class="arvit-nav"><b>arvit</b>' + nav.replace('\\', '\\\\') + '</nav><div class="arvit-main">', body, count=1)
    return body.replace('</body>', f'<div class="arvit-pager">{prev}{nxt}</div></div></body>', 1)

_CELL_KEYS = {'cell_type', 'id', 'metadata', 'source', 'outputs', 'execution_count', 'attachments'}

def _for_nbconvert(nb):
    "Apply Quarto's `echo`, `output` and `include` cell options for nbconvert; drop keys it does not know"
    import nbformat
    cells = []
    for c in nb.cells:
        if c.cell_type == 'raw' and c.source.lstrip().startswith('---'):   # Quarto front matter: show title and summary
            fm = yaml.safe_load(c.source.strip().strip('-')) or {}
            md = f"# {fm.get('title', '')}" + (f"\n\n> {fm['description']}" if fm.get('description') else '')
            cells.append(nbformat.v4.new_markdown_cell(md)); continue
        for k in list(c):
            if k not in _CELL_KEYS: del c[k]
        c.metadata = {k: v for k, v in c.metadata.items() if k in ('tags', 'jupyter')}
        if c.cell_type == 'code':
            opts = dict(re.findall(r'^#\|\s*([\w-]+):\s*(\S+)', c.source, flags=re.M))
            if opts.get('include') == 'false': continue
            if opts.get('echo') == 'false': c.metadata.setdefault('tags', []).append('remove_input')
            if opts.get('output') == 'false': c.outputs = []
            c.source = re.sub(r'^#\|.*(\n|$)', '', c.source, flags=re.M).strip()
            if not c.source and not c.outputs: continue
        cells.append(c)
    nb.cells = cells
    return nb

STATIC = {'html-manager': 'node_modules/@jupyter-widgets/html-manager/dist', 'require.js': 'node_modules/requirejs/require.js',
          'mathjax/tex-chtml.js': 'node_modules/mathjax/es5/tex-chtml.js', 'mathjax/fonts': 'node_modules/mathjax/es5/output/chtml/fonts/woff-v2'}

def install_js(dest:Path)->Path:
    "npm-install the page JavaScript (widget manager, requirejs, MathJax) into `dest`, once"
    dest = Path(dest)
    if not all((dest/src).exists() for src in STATIC.values()):
        dest.mkdir(parents=True, exist_ok=True)
        subprocess.run(['npm', 'install', '--prefix', str(dest), '--no-audit', '--no-fund', '--silent',
                        '@jupyter-widgets/html-manager@1', 'requirejs@2', 'mathjax@3'], check=True)
    return dest

def build_site(out='_site_offline', root=None, js_cache=None)->Path:
    "Build every notebook of the course into a static page under `out`"
    from nbconvert import HTMLExporter
    root = root or project_root(); out = Path(out); out = out if out.is_absolute() else root/out
    js = install_js(Path(js_cache) if js_cache else root/'.cache'/'js')
    subprocess.run([str(Path(sys.executable).parent/'nbdev-proc-nbs')], cwd=root, check=True, capture_output=True)
    if out.exists(): shutil.rmtree(out)
    (out/'static').mkdir(parents=True)
    for dst, src in STATIC.items():
        (out/'static'/dst).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (js/src).is_dir() else shutil.copy)(js/src, out/'static'/dst)
    fonts = out/'@jupyter-widgets'; fonts.mkdir()   # the widget manager's CSS asks for its fonts at /@jupyter-widgets/
    for f in (js/STATIC['html-manager']).iterdir():
        if f.suffix in ('.woff', '.woff2', '.ttf', '.eot', '.svg'): shutil.copy(f, fonts/f.name)
    if (root/'nbs'/'images').is_dir(): shutil.copytree(root/'nbs'/'images', out/'images')
    pages = course(root); titles = {p: _title(root/'nbs'/p) for p in pages}
    heads = {ps[0]: t for t, ps in sections(root) if t and ps}
    import nbformat
    from nbconvert.preprocessors import TagRemovePreprocessor
    ex = HTMLExporter(template_name='lab', require_js_url='static/require.js',
                      widget_renderer_url='static/html-manager/embed-amd.js', mathjax_url='')
    ex.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'remove_input'}), enabled=True)
    for p in pages:
        from nbformat.v4.rwbase import rejoin_lines   # not nbformat.read: it would log nbdev's extra keys as invalid
        nb = rejoin_lines(nbformat.from_dict(json.loads((root/'_proc'/p).read_text())))
        body, _ = ex.from_notebook_node(_for_nbconvert(nb))
        (out/('index.html' if p == 'index.ipynb' else Path(p).stem + '.html')).write_text(_page(body, p, pages, titles, heads))
    return out

@call_parse
def main(out:str='_site_offline', # where to write the pages
         readme:bool=False,       # write README.md from nbs/index.ipynb instead
        ):
    "Build the documentation site offline (no Quarto), or regenerate README.md from the home page"
    root = project_root()
    if readme:
        from readme_results import refresh_index   # the results block and figure, computed from experiments/runs
        if refresh_index(root): print('updated the results in', root/'nbs'/'index.ipynb')
        (root/'README.md').write_text(readme_text(root)); print('wrote', root/'README.md'); return
    print('built', build_site(out, root))
