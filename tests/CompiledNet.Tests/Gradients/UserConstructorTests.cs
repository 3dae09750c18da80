using Xunit;

namespace CompiledNet.Tests.Gradients;

[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class OwnConstructorNet
{
    public OwnConstructorNet(string name) => Name = name;

    public string Name { get; }
}

[Input(3)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class GeneratedConstructorNet;

/// <summary>
/// A network whose class has a constructor of its own gets no generated constructors, yet must not start from zeros:
/// all-zero weights keep every hidden neuron identical for ever.
/// </summary>
public sealed class UserConstructorTests
{
    [Fact]
    public void A_constructor_of_the_users_own_starts_from_seed_0s_weights()
    {
        var own = new OwnConstructorNet("mine");
        var generated = new GeneratedConstructorNet();

        Assert.Contains(own.Parameters.ToArray(), p => p != 0f);
        Assert.Equal(generated.Parameters.ToArray(), own.Parameters.ToArray());
    }

    [Fact]
    public void The_seeded_constructor_draws_the_seeds_weights_and_seed_0_matches_the_default()
    {
        var seeded = new GeneratedConstructorNet(seed: 7);
        var redrawn = new GeneratedConstructorNet();
        redrawn.InitializeParameters(7);

        Assert.Equal(redrawn.Parameters.ToArray(), seeded.Parameters.ToArray());
        Assert.NotEqual(new GeneratedConstructorNet().Parameters.ToArray(), seeded.Parameters.ToArray());
        Assert.Equal(new GeneratedConstructorNet().Parameters.ToArray(), new GeneratedConstructorNet(seed: 0).Parameters.ToArray());
    }
}
