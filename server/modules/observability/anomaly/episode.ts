// A point at or above this score opens an episode (0.5 is the edge of the band).
const EPISODE_START = 0.5;
// Points in a row back under the band that close an episode.
const CALM_POINTS = 48;
// Scores inside an episode are multiplied by this, so they stay under the band...
const DAMPING = 0.3;
// ...unless the episode gets clearly worse than its worst point so far (by this much score):
// that is news again. A burst's second point a little above its first is not.
const ESCALATION = 0.3;

/**
 * One alert per episode: after a point leaves the band, the points of the same episode (a
 * level shift, a burst) are damped until the series has been back inside the band for a
 * while, unless they are worse than anything earlier in it. A user is told when trouble
 * starts or grows, not at every point of it.
 */
export class EpisodeTracker {
  private startedAt: number | null = null;
  private calm = 0;
  private peak = 0;

  /** The reported score for a raw score, and the start of the episode it belongs to. */
  report(timestamp: number, raw: number): { score: number; episodeStart: number | null } {
    if (this.startedAt === null) {
      if (raw >= EPISODE_START) {
        this.startedAt = timestamp;
        this.calm = 0;
        this.peak = raw;
      }
      return { score: raw, episodeStart: this.startedAt };
    }
    const episodeStart = this.startedAt;
    this.calm = raw < EPISODE_START ? this.calm + 1 : 0;
    if (this.calm >= CALM_POINTS) this.startedAt = null;
    if (raw > this.peak + ESCALATION) {
      this.peak = raw;
      return { score: raw, episodeStart };
    }
    return { score: raw * DAMPING, episodeStart };
  }
}
