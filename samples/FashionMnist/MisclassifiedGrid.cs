using System;
using System.Collections.Generic;
using System.IO;
using CompiledNet;
using SkiaSharp;

namespace FashionMnist;

/// <summary>
/// Draws a grid of misclassified test images to a PNG: each 28×28 image upscaled with square pixels, its true label
/// under it and the network's guess with the probability it gave it.
/// </summary>
internal static class MisclassifiedGrid
{
    private const int Scale = 5;
    private const int Columns = 6;
    private const int Padding = 10;
    private const int CaptionHeight = 38;
    private const int TitleHeight = 34;
    private const int ImageSize = FashionData.ImageSide * Scale;
    private const int CellWidth = ImageSize + 30;
    private const int CellHeight = ImageSize + CaptionHeight + Padding;

    /// <summary>Saves up to <paramref name="count"/> of <paramref name="confusion"/>'s mistakes, in test-set order.</summary>
    public static void Save(string path, DataSet<float> test, ConfusionMatrix confusion, int count)
    {
        int shown = Math.Min(count, confusion.Mistakes.Count);
        int rows = Math.Max(1, (shown + Columns - 1) / Columns);
        int width = (Columns * CellWidth) + (2 * Padding);
        int height = TitleHeight + (rows * CellHeight) + Padding;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        // ScottPlot resolves and caches the typeface, so the text looks like the plots' and is not disposed here.
        SKTypeface typeface = ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Default, bold: false, italic: false);
        using var titleFont = new SKFont(typeface, 17);
        using var captionFont = new SKFont(typeface, 13);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var wrong = new SKPaint { Color = new SKColor(0xC6, 0x28, 0x28), IsAntialias = true };

        string title = shown == 0
            ? "No test image was misclassified."
            : $"{shown} of the {confusion.Mistakes.Count:N0} misclassified test images (of {confusion.Total:N0}), in test-set order";
        canvas.DrawText(title, Padding, 23, SKTextAlign.Left, titleFont, ink);

        IReadOnlyList<Misclassification> mistakes = confusion.Mistakes;
        for (int i = 0; i < shown; i++)
        {
            Misclassification mistake = mistakes[i];
            float left = Padding + ((i % Columns) * CellWidth);
            float top = TitleHeight + ((i / Columns) * CellHeight);
            float imageLeft = left + ((CellWidth - ImageSize) / 2f);
            DrawImage(canvas, test.Input(mistake.Index), imageLeft, top);

            float centre = left + (CellWidth / 2f);
            string truth = $"true: {confusion.ClassNames[mistake.Actual]}";
            string guess = $"net: {confusion.ClassNames[mistake.Predicted]} {mistake.Confidence * 100:F0}%";
            canvas.DrawText(truth, centre, top + ImageSize + 15, SKTextAlign.Center, captionFont, ink);
            canvas.DrawText(guess, centre, top + ImageSize + 31, SKTextAlign.Center, captionFont, wrong);
        }

        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }

    // One square of Scale × Scale screen pixels per image pixel; the data set holds them scaled to [0, 1].
    private static void DrawImage(SKCanvas canvas, ReadOnlySpan<float> pixels, float left, float top)
    {
        using var paint = new SKPaint { IsAntialias = false };
        for (int row = 0; row < FashionData.ImageSide; row++)
        {
            for (int column = 0; column < FashionData.ImageSide; column++)
            {
                byte grey = (byte)Math.Round(pixels[(row * FashionData.ImageSide) + column] * 255f);
                paint.Color = new SKColor(grey, grey, grey);
                canvas.DrawRect(left + (column * Scale), top + (row * Scale), Scale, Scale, paint);
            }
        }
    }
}
