/// Durations measured, for percentiles.
struct Samples {
    private(set) var values: [Duration] = []

    mutating func add(_ value: Duration) { values.append(value) }

    var count: Int { values.count }

    /// The nearest-rank percentile (`fraction` 0…1), nil when empty.
    func percentile(_ fraction: Double) -> Duration? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// "n=…  p50 …  p99 …  max …" in milliseconds.
    var summary: String {
        guard let p50 = percentile(0.5), let p99 = percentile(0.99), let max = percentile(1) else { return "n=0" }
        return "n=\(count)  p50 \(p50.milliseconds)  p99 \(p99.milliseconds)  max \(max.milliseconds)"
    }
}

extension Duration {
    /// Milliseconds with two decimals, e.g. "3.14 ms".
    var milliseconds: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) * 1_000 + Double(attoseconds) / 1e15
        return "\((value * 100).rounded() / 100) ms"
    }

    var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
