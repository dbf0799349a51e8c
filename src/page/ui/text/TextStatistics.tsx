// Average loss, perplexity and bits per character of a scored text.
import { formatCount } from '../common/format';
import { textStatistics, type ScoredText } from '../generate/studioState';

export function TextStatisticsList({ scored }: { scored: ScoredText }) {
  const stats = textStatistics(scored.meanLoss);
  const count = scored.probabilities.reduce((n, p) => (Number.isNaN(p) ? n : n + 1), 0);
  if (!stats)
    return <p className="hint">Too short to score: the model needs a character before the one it predicts.</p>;
  return (
    <dl className="stats text-statistics">
      <div>
        <dt>Average loss:</dt> <dd>{stats.loss.toFixed(3)} nats per character</dd>
      </div>
      <div>
        <dt>Perplexity:</dt> <dd>{stats.perplexity.toFixed(2)}</dd>
      </div>
      <div>
        <dt>Bits per character:</dt> <dd>{stats.bitsPerCharacter.toFixed(3)}</dd>
      </div>
      <div>
        <dt>Characters scored:</dt> <dd>{formatCount(count)}</dd>
      </div>
    </dl>
  );
}
