using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Tests;

/// <summary>When a failed delivery is tried again: the operator's maximum holds whatever the jitter draws.</summary>
public class RetryScheduleTests
{
    private static readonly RetryPolicy Options = new(MaxAttempts: 12, BaseDelaySeconds: 5, MaxDelaySeconds: 3600);

    /// <summary>A draw of <see cref="Random.NextDouble"/> fixed by the test: 0 is the shortest jitter, 1 the longest.</summary>
    private sealed class FixedDraw(double value) : Random
    {
        public override double NextDouble() => value;
    }

    [Theory]
    [InlineData(1, 0.0, 2.5)]
    [InlineData(1, 0.5, 5)]
    [InlineData(1, 1.0, 7.5)]
    [InlineData(4, 0.5, 40)]
    [InlineData(4, 1.0, 60)]
    public void The_delay_doubles_per_attempt_within_half_to_one_and_a_half_times(int attempt, double draw, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), RetrySchedule.Delay(attempt, null, Options, new FixedDraw(draw)));

    [Theory]
    [InlineData(10, 1.0)]
    [InlineData(11, 0.99)]
    [InlineData(30, 0.7)]
    [InlineData(500, 1.0)]
    public void No_draw_waits_longer_than_the_maximum(int attempt, double draw)
        => Assert.Equal(TimeSpan.FromSeconds(3600), RetrySchedule.Delay(attempt, null, Options, new FixedDraw(draw)));

    [Fact]
    public void Below_the_maximum_the_jitter_still_spreads_retries()
    {
        // 5 × 2^9 = 2,560 s: the shortest draw is half of it, the longest is capped.
        Assert.Equal(TimeSpan.FromSeconds(1280), RetrySchedule.Delay(10, null, Options, new FixedDraw(0)));
        Assert.True(RetrySchedule.Delay(10, null, Options, new FixedDraw(0.9)) <= TimeSpan.FromSeconds(3600));
    }

    [Theory]
    [InlineData(30, 0.0, 1800)]
    [InlineData(500, 0.25, 2700)]
    public void Past_the_maximum_retries_still_spread_over_its_second_half(int attempt, double draw, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), RetrySchedule.Delay(attempt, null, Options, new FixedDraw(draw)));

    [Fact]
    public void A_receivers_retry_after_is_honoured_even_beyond_the_maximum()
    {
        Assert.Equal(TimeSpan.FromSeconds(120), RetrySchedule.Delay(1, TimeSpan.FromSeconds(120), Options, new FixedDraw(0.5)));
        Assert.Equal(TimeSpan.FromHours(2), RetrySchedule.Delay(20, TimeSpan.FromHours(2), Options, new FixedDraw(1)));
        Assert.Equal(TimeSpan.FromSeconds(5), RetrySchedule.Delay(1, TimeSpan.FromSeconds(1), Options, new FixedDraw(0.5)));
    }
}
