package org.biomedvital.sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Draws the synthetic phantoms with java.awt: a radiograph-like chest, MRI and CT cross-sections,
 * an H&amp;E-like tissue texture and a gross specimen photograph. Every image carries a
 * "SYNTHETIC" mark. Package-private.
 */
final class Phantoms {
  static final int SIZE = 256;

  private Phantoms() {}

  static BufferedImage draw(Finding f, Random r) {
    BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    switch (f.domain()) {
      case CHEST_XRAY:
        chest(g, f, r);
        noise(img, r, 10, true);
        break;
      case MRI:
        brainMri(g, f, r);
        noise(img, r, 8, true);
        break;
      case CT_SCAN:
        abdomenCt(g, f, r);
        noise(img, r, 7, true);
        break;
      case HISTOLOGY:
        histology(g, f, r);
        noise(img, r, 6, false);
        break;
      case GROSS:
      default:
        gross(g, f, r);
        noise(img, r, 5, false);
        break;
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 10));
    g.setColor(new Color(255, 255, 0));
    g.drawString("SYNTHETIC", 4, SIZE - 5);
    g.dispose();
    return img;
  }

  /** The x of the patient's side on a radiology image (patient's right on the image's left). */
  private static boolean imageLeft(Finding f) {
    return f.side().equals("right");
  }

  private static void chest(Graphics2D g, Finding f, Random r) {
    g.setColor(new Color(18, 18, 18));
    g.fillRect(0, 0, SIZE, SIZE);
    ellipse(g, 95, 18, 20, 220, 250);
    g.setColor(new Color(40, 40, 40));
    int dx = r.nextInt(5) - 2;
    g.fill(new Ellipse2D.Double(34 + dx, 40, 84, 160));
    g.fill(new Ellipse2D.Double(138 + dx, 40, 84, 160));
    g.setStroke(new BasicStroke(2.2f));
    g.setColor(new Color(120, 120, 120, 170));
    for (int i = 0; i < 8; i++) {
      int y = 50 + i * 19;
      g.draw(new Arc2D.Double(30, y, 100, 40, 20, 150, Arc2D.OPEN));
      g.draw(new Arc2D.Double(126, y, 100, 40, 10, 150, Arc2D.OPEN));
    }
    g.setColor(new Color(150, 150, 150));
    g.fillRect(120, 20, 16, 230);
    boolean big = f.kind().equals("cardiomegaly");
    int hw = big ? 118 : 80;
    ellipse(g, 175, 128 - hw / 2.0 + 8, 118, hw, big ? 92 : 78);
    ellipse(g, 185, 30, 192, 96, 60);
    g.fill(new Ellipse2D.Double(130, 198, 96, 56));
    g.setStroke(new BasicStroke(4f));
    g.setColor(new Color(200, 200, 200));
    g.drawLine(40, 42, 118, 52);
    g.drawLine(138, 52, 216, 42);
    boolean left = imageLeft(f);
    if (f.kind().equals("nodule")) {
      double d = Math.max(8, f.size() * 0.9);
      double cx = left ? 72 : 184;
      double cy = f.region().equals("upper zone") ? 82 : 160;
      ellipse(g, 205, cx - d / 2, cy - d / 2, d, d);
      arrow(g, cx + (left ? d : -d), cy + d, left ? 1 : -1, Color.WHITE);
    } else if (f.kind().equals("effusion")) {
      g.setColor(new Color(190, 190, 190));
      Path2D p = new Path2D.Double();
      double x0 = left ? 34 : 138;
      p.moveTo(x0, 200);
      p.curveTo(x0 + 20, 150, x0 + 64, 150, x0 + 84, 168);
      p.lineTo(x0 + 84, 205);
      p.lineTo(x0, 205);
      p.closePath();
      g.fill(p);
    }
  }

  private static void brainMri(Graphics2D g, Finding f, Random r) {
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, SIZE, SIZE);
    ellipse(g, 210, 30, 18, 196, 222);
    ellipse(g, 35, 38, 26, 180, 206);
    ellipse(g, 120, 46, 34, 164, 190);
    g.setColor(new Color(90, 90, 90));
    for (int i = 0; i < 14; i++) {
      double a = i * Math.PI / 7;
      g.fill(new Ellipse2D.Double(120 + Math.cos(a) * 62, 122 + Math.sin(a) * 74, 16, 16));
    }
    ellipse(g, 235, 106, 92, 18, 56);
    g.fill(new Ellipse2D.Double(132, 92, 18, 56));
    g.setStroke(new BasicStroke(2f));
    g.drawLine(128, 36, 128, 88);
    boolean left = imageLeft(f);
    double cx = left ? 86 : 170;
    double cy = f.region().equals("frontal lobe") ? 72 : 150;
    double d = Math.max(10, f.size() * 1.1);
    if (f.kind().equals("mass")) {
      g.setColor(new Color(200, 200, 200, 150));
      g.fill(new Ellipse2D.Double(cx - d, cy - d, 2 * d, 2 * d));
      ellipse(g, 70, cx - d / 2, cy - d / 2, d, d);
      g.setColor(new Color(250, 250, 250));
      g.setStroke(new BasicStroke(2.5f));
      g.draw(new Ellipse2D.Double(cx - d / 2, cy - d / 2, d, d));
    } else {
      ellipse(g, 245, cx - d / 2, cy - d / 2.6, d, d / 1.3);
    }
  }

  private static void abdomenCt(Graphics2D g, Finding f, Random r) {
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, SIZE, SIZE);
    ellipse(g, 70, 14, 40, 228, 176);
    ellipse(g, 115, 24, 50, 208, 156);
    ellipse(g, 140, 34, 64, 98, 100);
    ellipse(g, 150, 152, 80, 56, 42);
    g.fill(new Ellipse2D.Double(64, 148, 34, 46));
    g.fill(new Ellipse2D.Double(158, 148, 34, 46));
    ellipse(g, 230, 112, 164, 32, 30);
    ellipse(g, 200, 122, 140, 14, 14);
    g.setColor(new Color(60, 60, 60));
    for (int i = 0; i < 5; i++) {
      g.fill(new Ellipse2D.Double(120 + r.nextInt(40), 100 + r.nextInt(30), 10, 8));
    }
    double d = Math.max(8, f.size() * 0.8);
    if (f.kind().equals("liver lesion")) {
      double cx = f.side().equals("right") ? 66 : 104;
      ellipse(g, 85, cx - d / 2, 110 - d / 2, d, d);
      arrow(g, cx + d, 110 + d, 1, Color.WHITE);
    } else {
      double cx = imageLeft(f) ? 81 : 175;
      ellipse(g, 95, cx - d / 2, 170 - d / 2, d, d);
      arrow(g, cx + (imageLeft(f) ? -d : d), 170 + d, imageLeft(f) ? -1 : 1, Color.WHITE);
    }
  }

  private static void histology(Graphics2D g, Finding f, Random r) {
    g.setPaint(new GradientPaint(0, 0, new Color(244, 200, 218), SIZE, SIZE, new Color(236, 178, 204)));
    g.fillRect(0, 0, SIZE, SIZE);
    g.setColor(new Color(226, 150, 186));
    for (int i = 0; i < 60; i++) {
      g.setStroke(new BasicStroke(1 + r.nextFloat() * 2));
      int x = r.nextInt(SIZE);
      int y = r.nextInt(SIZE);
      g.drawLine(x, y, x + r.nextInt(40) - 20, y + r.nextInt(40) - 20);
    }
    boolean crowded = f.kind().equals("atypical glands");
    int glands = crowded ? 14 : 6;
    for (int i = 0; i < glands; i++) {
      double w = crowded ? 26 + r.nextInt(20) : 40 + r.nextInt(16);
      double x = r.nextInt(SIZE - 50);
      double y = r.nextInt(SIZE - 50);
      g.setColor(new Color(252, 236, 242));
      g.fill(new Ellipse2D.Double(x, y, w, w * 0.7));
      int nuclei = crowded ? 16 : 12;
      for (int k = 0; k < nuclei; k++) {
        double a = 2 * Math.PI * k / nuclei;
        double nx = x + w / 2 + Math.cos(a) * w / 2;
        double ny = y + w * 0.35 + Math.sin(a) * w * 0.35;
        double s = crowded ? 5 + r.nextInt(3) : 3.5;
        g.setColor(crowded ? new Color(70, 30, 110) : new Color(110, 60, 150));
        g.fill(new Ellipse2D.Double(nx - s / 2, ny - s / 2, s, s * 1.3));
      }
    }
    if (f.kind().equals("necrosis")) {
      g.setColor(new Color(250, 214, 226));
      g.fill(new Ellipse2D.Double(78, 78, 100, 96));
      g.setColor(new Color(150, 110, 160));
      for (int i = 0; i < 70; i++) {
        g.fill(new Ellipse2D.Double(90 + r.nextInt(76), 90 + r.nextInt(72), 2, 2));
      }
    }
    int y0 = f.side().equals("upper") ? 0 : SIZE / 2;
    int dense = f.kind().equals("infiltrate") ? 900 : 120;
    for (int i = 0; i < dense; i++) {
      int yy = f.kind().equals("infiltrate") ? y0 + r.nextInt(SIZE / 2) : r.nextInt(SIZE);
      g.setColor(new Color(60 + r.nextInt(30), 20, 100 + r.nextInt(30)));
      g.fill(new Ellipse2D.Double(r.nextInt(SIZE), yy, 3.2, 3.2));
    }
  }

  private static void gross(Graphics2D g, Finding f, Random r) {
    g.setColor(new Color(60 + r.nextInt(10), 120, 130));
    g.fillRect(0, 0, SIZE, SIZE);
    g.setColor(new Color(75, 135, 145));
    for (int i = 0; i < SIZE; i += 6) {
      g.drawLine(0, i, SIZE, i + 3);
    }
    g.setPaint(new GradientPaint(40, 40, new Color(196, 120, 110), 210, 200, new Color(150, 80, 76)));
    Path2D organ = new Path2D.Double();
    organ.moveTo(128, 30);
    organ.curveTo(210, 30, 220, 120, 200, 170);
    organ.curveTo(180, 220, 90, 222, 64, 180);
    organ.curveTo(40, 140, 46, 30, 128, 30);
    g.fill(organ);
    g.setColor(new Color(120, 60, 60));
    g.setStroke(new BasicStroke(2f));
    g.draw(organ);
    double d = Math.max(14, f.size() * 16);
    double cx = 128 + (f.variant() % 2 == 0 ? -10 : 12);
    double cy = f.side().equals("upper") ? 78 : 158;
    if (f.kind().equals("tumour")) {
      g.setColor(new Color(232, 206, 120));
      g.fill(new Ellipse2D.Double(cx - d / 2, cy - d / 2, d, d * 0.85));
      g.setColor(new Color(210, 180, 96));
      g.fill(new Ellipse2D.Double(cx - d / 4, cy - d / 4, d / 2.2, d / 2.6));
    } else {
      g.setColor(new Color(96, 18, 24));
      g.fill(new Ellipse2D.Double(cx - d / 2, cy - d / 2, d * 1.1, d * 0.8));
    }
    g.setColor(new Color(245, 245, 240));
    g.fillRect(18, 226, 220, 18);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 8));
    for (int i = 0; i <= 11; i++) {
      int x = 22 + i * 19;
      g.drawLine(x, 226, x, i % 5 == 0 ? 236 : 232);
      if (i % 5 == 0) {
        g.drawString(Integer.toString(i), x - 2, 243);
      }
    }
  }

  private static void arrow(Graphics2D g, double x, double y, int dir, Color c) {
    g.setColor(c);
    g.setStroke(new BasicStroke(2f));
    g.drawLine((int) x, (int) y, (int) (x + dir * 16), (int) (y + 12));
    g.drawLine((int) x, (int) y, (int) (x + dir * 7), (int) y);
    g.drawLine((int) x, (int) y, (int) (x + dir * 2), (int) (y + 7));
  }

  private static void noise(BufferedImage img, Random r, int amplitude, boolean grey) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] px = img.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < px.length; i++) {
      int rgb = px[i];
      int n = tri(r, amplitude);
      int red = clamp(((rgb >> 16) & 0xff) + n);
      int green = clamp(((rgb >> 8) & 0xff) + (grey ? n : tri(r, amplitude)));
      int blue = clamp((rgb & 0xff) + (grey ? n : tri(r, amplitude)));
      px[i] = (red << 16) | (green << 8) | blue;
    }
    img.setRGB(0, 0, w, h, px, 0, w);
  }

  /** Triangular noise in [-amplitude, amplitude]: cheaper than Gaussian, looks the same here. */
  private static int tri(Random r, int amplitude) {
    return r.nextInt(amplitude + 1) + r.nextInt(amplitude + 1) - amplitude;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /** Fills an ellipse in one grey level (the colour stays set for what follows). */
  private static void ellipse(Graphics2D g, int grey, double x, double y, double w, double h) {
    g.setColor(new Color(grey, grey, grey));
    g.fill(new Ellipse2D.Double(x, y, w, h));
  }
}
