// A course's progress: a native <progress> with a visible text, so it never relies on colour.
export function ProgressBar({ label, value, max, text }: { label: string; value: number; max: number; text: string }) {
  return (
    <div className="progress">
      <progress value={value} max={max} aria-label={label} />
      <span className="progress__text">{text}</span>
    </div>
  );
}
