// Plays the interviewer's PCM16 frames gap-free as they arrive, and stops at once on barge-in.
export class Player {
  constructor() {
    this.context = null;
    this.sampleRate = 22050;
    this.playhead = 0;
    this.sources = new Set();
  }

  unlock() {
    // Created on the Start click so autoplay policies allow sound.
    if (!this.context) this.context = new AudioContext();
    if (this.context.state === "suspended") this.context.resume();
  }

  begin(sampleRate) {
    this.unlock();
    this.sampleRate = sampleRate;
  }

  play(arrayBuffer) {
    this.unlock();
    const samples = new Int16Array(arrayBuffer);
    if (samples.length === 0) return;
    const buffer = this.context.createBuffer(1, samples.length, this.sampleRate);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 32768;
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    const startAt = Math.max(this.context.currentTime + 0.02, this.playhead);
    source.start(startAt);
    this.playhead = startAt + buffer.duration;
    this.sources.add(source);
    source.onended = () => this.sources.delete(source);
  }

  stop() {
    for (const source of this.sources) {
      try { source.stop(); } catch { /* already stopped */ }
    }
    this.sources.clear();
    if (this.context) this.playhead = this.context.currentTime;
  }
}
