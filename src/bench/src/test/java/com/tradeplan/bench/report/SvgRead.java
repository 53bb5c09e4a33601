package com.tradeplan.bench.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A chart read back as a reader sees it: its texts by class, its series' points and markers. */
final class SvgRead {
  private final Document doc;

  SvgRead(String svg) throws Exception {
    doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  /** The texts of {@code cssClass} (title, legend, x-tick, y-tick, x-label, y-label), in order. */
  List<String> texts(String cssClass) {
    List<String> out = new ArrayList<>();
    NodeList n = doc.getElementsByTagName("text");
    for (int i = 0; i < n.getLength(); i++) {
      Element e = (Element) n.item(i);
      if (cssClass.equals(e.getAttribute("class"))) {
        out.add(e.getTextContent());
      }
    }
    return out;
  }

  /** The pixel points of the series named {@code series}, as "x,y" pairs. */
  List<double[]> points(String series) {
    NodeList n = doc.getElementsByTagName("polyline");
    for (int i = 0; i < n.getLength(); i++) {
      Element e = (Element) n.item(i);
      if (series.equals(e.getAttribute("data-series"))) {
        List<double[]> out = new ArrayList<>();
        for (String p : e.getAttribute("points").split(" ")) {
          String[] xy = p.split(",");
          out.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return out;
      }
    }
    throw new AssertionError("no series " + series);
  }

  /** The hover text of every marker ("series: value at x"), in order. */
  List<String> markers() {
    List<String> out = new ArrayList<>();
    NodeList n = doc.getElementsByTagName("circle");
    for (int i = 0; i < n.getLength(); i++) {
      out.add(n.item(i).getTextContent());
    }
    return out;
  }
}
