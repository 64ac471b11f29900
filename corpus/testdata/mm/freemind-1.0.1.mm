<map version="1.0.1">
<!-- To view this file, download free mind mapping software FreeMind from http://freemind.sourceforge.net -->
<node CREATED="1500000000000" ID="ID_790317172" MODIFIED="1500000900000" TEXT="&#x76f8;&#x8ac7;&#x53d7;&#x4ed8;&#xff08;FreeMind 1.0.1&#xff09;">
<hook NAME="accessories/plugins/AutomaticLayout.properties"/>
<font BOLD="true" NAME="SansSerif" SIZE="14"/>
<node CREATED="1500000001000" FOLDED="true" ID="ID_1732285829" MODIFIED="1500000002000" POSITION="right" TEXT="&#x76f8;&#x8ac7;&#x53d7;&#x4ed8;&#x5bfe;&#x5fdc;&#x624b;&#x9806;">
<edge COLOR="#0000cc" STYLE="bezier" WIDTH="thin"/>
<richcontent TYPE="NOTE"><html>
  <head>
    
  </head>
  <body>
    <p>
      &#29992;&#20214;&#12398;&#12459;&#12486;&#12468;&#12522;&#12398;&#30906;&#35469;
    </p>
    <p>
      &#30456;&#35527;&#12363;&#65311;&#36039;&#26009;&#35531;&#27714;&#12363;&#65311;
    </p>
  </body>
</html>
</richcontent>
<node CREATED="1500000003000" ID="ID_1813144137" MODIFIED="1500000004000" TEXT="&#x76f8;&#x8ac7;&#x8005;&#x306f;&#x7d4c;&#x55b6;&#x8005;&#x304b;&#xff1f;">
<icon BUILTIN="help"/>
</node>
</node>
<node CREATED="1500000005000" ID="ID_1546236074" MODIFIED="1500000006000" POSITION="right">
<richcontent TYPE="NODE"><html>
  <head>
    
  </head>
  <body>
    <p>
      <font size="2"><b>&#24179;&#26178;&#12398;&#20633;&#12360;</b></font>
    </p>
  </body>
</html>
</richcontent>
<cloud COLOR="#ccffcc"/>
<node CREATED="1500000007000" ID="ID_1126670252" MODIFIED="1500000008000" TEXT="&#x30d0;&#x30c3;&#x30af;&#x30a2;&#x30c3;&#x30d7;&#x306f;&#x3069;&#x3046;&#x53d6;&#x308c;&#x3070;&#x3044;&#x3044;&#x304b;">
<richcontent TYPE="NOTE"><html>
  <head>
    
  </head>
  <body>
    <p>
      &#22806;&#20184;&#12369;&#12398;&#35352;&#25014;&#23186;&#20307;&#12392;&#12463;&#12521;&#12454;&#12489;&#12398;&#20001;&#26041;&#12395;&#21462;&#12426;&#12289;&#26222;&#27573;&#12399;&#25509;&#32154;&#12375;&#12394;&#12356;&#12391;&#12367;&#12384;&#12373;&#12356;&#12290;<br/>&#23450;&#26399;&#30340;&#12395;&#24489;&#20803;&#12391;&#12365;&#12427;&#12363;&#35430;&#12375;&#12390;&#12367;&#12384;&#12373;&#12356;&#12290;
    </p>
    <p>
      &#12304;&#30456;&#35527;&#12305;IPA&#160;&#24773;&#22577;&#12475;&#12461;&#12517;&#12522;&#12486;&#12451;&#23433;&#24515;&#30456;&#35527;&#31379;&#21475;
    </p>
  </body>
</html>
</richcontent>
<arrowlink DESTINATION="ID_1761489170" ENDARROW="Default" ENDINCLINATION="145;0;" ID="Arrow_ID_1000000001" STARTARROW="None" STARTINCLINATION="145;0;"/>
<attribute_layout NAME_WIDTH="60" VALUE_WIDTH="120"/>
<attribute NAME="&#x30ad;&#x30fc;&#x30ef;&#x30fc;&#x30c9;" VALUE="&#x30d0;&#x30c3;&#x30af;&#x30a2;&#x30c3;&#x30d7;&#x3001;&#x5fa9;&#x5143;"/>
<attribute NAME="&#x7a2e;&#x5225;" VALUE="faq"/>
<attribute NAME="&#x66f4;&#x65b0;&#x8005;" VALUE="&#x7530;&#x4e2d;"/>
</node>
<node CREATED="1500000009000" ID="ID_1761489170" LINK="https://www.ipa.go.jp/security/guide/sme/about.html" MODIFIED="1500000010000" TEXT="&#x4e2d;&#x5c0f;&#x4f01;&#x696d;&#x306e;&#x60c5;&#x5831;&#x30bb;&#x30ad;&#x30e5;&#x30ea;&#x30c6;&#x30a3;&#x5bfe;&#x7b56;&#x30ac;&#x30a4;&#x30c9;&#x30e9;&#x30a4;&#x30f3;">
<icon BUILTIN="bookmark"/>
<linktarget COLOR="#b0b0b0" DESTINATION="ID_1761489170" ENDARROW="Default" ENDINCLINATION="145;0;" ID="Arrow_ID_1000000001" SOURCE="ID_1126670252" STARTARROW="None" STARTINCLINATION="145;0;"/>
</node>
</node>
</node>
</map>
