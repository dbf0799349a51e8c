// The layer checker catches each kind of breach: a wrong direction, tfjs outside worker/ and lab/, an import
// of lab/, a circle; and passes a tree that keeps the rules.
import { describe, expect, it } from 'vitest';
import { layerProblems } from './layers.mjs';

const tree = (files) => new Map(Object.entries(files));

describe('layerProblems', () => {
  it('accepts imports that follow the table', () => {
    const files = tree({
      'src/shared/config.ts': 'export const a = 1;',
      'src/worker/model.ts': "import * as tf from '@tensorflow/tfjs';\nimport { a } from '../shared/config';",
      'src/page/ui/app/App.tsx': "import { a } from '../../shared/config';",
      'src/lab/lab.ts': "import '../worker/model';\nimport { a } from '../shared/config';",
      'src/worker/model.test.ts': "import { a } from '../shared/config';",
    });
    expect(layerProblems(files)).toEqual([]);
  });

  it('reports an import against the direction', () => {
    const problems = layerProblems(
      tree({
        'src/shared/config.ts': "import { x } from '../worker/model';",
        'src/worker/model.ts': 'export const x = 1;',
        'src/page/App.tsx': "import { x } from '../worker/model';",
      }),
    );
    expect(problems).toEqual([
      'src/shared/config.ts:1: shared/ may not import worker/ (../worker/model)',
      'src/page/App.tsx:1: page/ may not import worker/ (../worker/model)',
    ]);
  });

  it('reports tfjs outside worker/ and lab/', () => {
    const problems = layerProblems(tree({ 'src/shared/config.ts': "\nimport * as tf from '@tensorflow/tfjs';" }));
    expect(problems).toEqual(['src/shared/config.ts:2: imports tfjs; only worker/ and lab/ may']);
  });

  it('reports an import of lab/', () => {
    const problems = layerProblems(
      tree({ 'src/lab/lab.ts': 'export const l = 1;', 'src/worker/w.ts': "import { l } from '../lab/lab';" }),
    );
    expect(problems).toEqual(['src/worker/w.ts:1: worker/ may not import lab/ (../lab/lab)']);
  });

  it('reports a circle of imports', () => {
    const problems = layerProblems(
      tree({
        'src/worker/a.ts': "import { b } from './b';",
        'src/worker/b.ts': "import { c } from './c';",
        'src/worker/c.ts': "import type { a } from './a';",
      }),
    );
    expect(problems).toEqual([
      'src/worker/a.ts: import circle among src/worker/a.ts, src/worker/b.ts, src/worker/c.ts',
    ]);
  });
});
