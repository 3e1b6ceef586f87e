// In-memory image stores for unit tests (the scanner itself is tested against a real folder).
import type { ImageIndex, ImageVersion } from '../../common/images/index';

export function fakeImages(
  spec: Record<string, { versions: Record<string, Record<string, number | undefined>>; marked?: string }>,
  dir = '/images',
): ImageIndex {
  const models = new Map();
  for (const [model, m] of Object.entries(spec)) {
    const versions = new Map<string, ImageVersion>();
    for (const [version, files] of Object.entries(m.versions)) {
      const vdir = `${dir}/${model}/${version}`;
      versions.set(version, {
        version,
        dir: vdir,
        files: new Map(
          Object.entries(files).map(([name, vs]) => [
            name,
            { name, path: `${vdir}/${name}`, size: 1000, virtualSize: vs },
          ]),
        ),
      });
    }
    models.set(model, { model, versions, marked: m.marked });
  }
  return { dir, exists: true, models };
}
