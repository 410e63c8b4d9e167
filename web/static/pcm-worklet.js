// Microphone -> 16 kHz mono PCM16 frames of 20 ms (320 samples), whatever the device rate.
// Browsers (and Chromium's fake microphone) deliver 44.1 or 48 kHz, often stereo: downmix and
// resample with a fractional step, since 44100/16000 is not an integer ratio.
class PcmCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / 16000;
    this.position = 0;
    this.previous = 0;
    this.frame = new Int16Array(320);
    this.filled = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const length = channels[0].length;
    const mono = new Float32Array(length);
    for (const channel of channels) for (let i = 0; i < length; i++) mono[i] += channel[i] / channels.length;
    // Linear interpolation between the previous block's last sample and this block.
    while (this.position < length) {
      const index = Math.floor(this.position);
      const fraction = this.position - index;
      const before = index === 0 ? this.previous : mono[index - 1];
      const sample = before + (mono[index] - before) * fraction;
      this.frame[this.filled++] = Math.max(-32768, Math.min(32767, Math.round(sample * 32767)));
      if (this.filled === this.frame.length) {
        this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
        this.frame = new Int16Array(320);
        this.filled = 0;
      }
      this.position += this.step;
    }
    this.position -= length;
    this.previous = mono[length - 1];
    return true;
  }
}
registerProcessor("pcm-capture", PcmCapture);
