// "Find interesting units": per feature of the text (inside quotes, position in the line…), the units whose
// activation follows it best, by Pearson correlation; one click shows a unit.
import type { FeatureRanking } from '../../../shared/inside/unitRanking';

interface Props {
  rankings: FeatureRanking[] | null;
  onFind(): void;
  onPick(unit: number): void;
}

export function InterestingUnits({ rankings, onFind, onPick }: Props) {
  return (
    <div className="interesting-units">
      <div className="row buttons">
        <button type="button" onClick={onFind}>
          Find interesting units
        </button>
      </div>
      {rankings && (
        <table>
          <caption>
            Units that track a feature of the text (Pearson correlation over the characters, strongest first)
          </caption>
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Units</th>
            </tr>
          </thead>
          <tbody>
            {rankings.map((r) => (
              <tr key={r.feature}>
                <th scope="row">{r.feature}</th>
                <td>
                  {/* A feature the text never shows (no quotes, say) correlates with nothing: say so, not "r = 0.00". */}
                  {r.units.every((m) => m.correlation === 0) && <span className="hint">not in this text</span>}
                  {r.units
                    .filter((m) => m.correlation !== 0)
                    .map((m) => (
                      <button
                        key={m.unit}
                        type="button"
                        className="unit-match"
                        onClick={() => onPick(m.unit)}
                        aria-label={`View unit ${m.unit} for ${r.feature} (correlation ${m.correlation.toFixed(2)})`}
                      >
                        unit {m.unit}: {m.correlation.toFixed(2)}
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
