"""Spoken interview answers for the endpointing bench, written for it (no evaluation data).

Each answer is a list of fragments spoken in one breath; a thinking pause follows every fragment
but the last, and the last is followed by the trailing silence of a finished answer. Where a
fragment stops is where people stop to think: mid-sentence after "and", "so", "because", "um",
"the other part is", and between sentences. The bench draws each pause length (0.5-4 s) from a
seeded generator, so the set is the same on every run.

English answers are spoken by the bundled piper voice; the Chinese ones are tone-numbered pinyin
for espeak-ng's `cmn-latn-pinyin` voice (with the characters alongside, for the lexical signal).
"""

from __future__ import annotations

ENGLISH: tuple[tuple[str, ...], ...] = (
    (
        "Overfitting is when the model learns the noise in the training data and",
        "then it stops generalising to data it has not seen.",
        "To reduce it I would add regularisation, um",
        "collect more data, or stop training early.",
    ),
    (
        "Bias is the error from wrong assumptions in the model.",
        "Variance is how much the model changes when the training data changes, so",
        "a very flexible model has low bias but high variance.",
        "The other part is",
        "that you pick the complexity by looking at validation error.",
    ),
    (
        "I would start with a simple baseline, like logistic regression, because",
        "it tells me how hard the problem really is.",
        "Then I would try gradient boosted trees and",
        "compare them on the same validation split.",
    ),
    (
        "Gradient descent moves the weights a small step against the gradient.",
        "The learning rate sets the size of that step, and",
        "if it is too large the loss diverges.",
        "Um",
        "if it is too small, training takes forever.",
    ),
    (
        "Precision is the fraction of predicted positives that are correct.",
        "Recall is the fraction of real positives that we find, so",
        "for fraud detection I would care more about recall.",
        "But the other part is",
        "that every false alarm costs an analyst some time.",
    ),
    (
        "Dropout randomly switches off units during training, which",
        "stops the network from relying on any single feature.",
        "At test time all units are used and",
        "the activations are scaled to match.",
    ),
    (
        "Batch normalisation normalises each layer's inputs over the mini batch.",
        "It makes training more stable and",
        "lets you use a higher learning rate.",
        "In transformers people mostly use layer norm instead, because",
        "it does not depend on the batch size.",
    ),
    (
        "Attention lets every token look at every other token and",
        "weigh them by how relevant they are.",
        "The queries and keys give the weights, um",
        "and the values are what gets mixed together.",
    ),
    (
        "For a recommendation system I would split it into candidate generation and ranking.",
        "Candidate generation has to be cheap, so",
        "I would use approximate nearest neighbours over embeddings.",
        "Then the ranker can be a heavier model, and",
        "it only scores a few hundred items per request.",
    ),
    (
        "The biggest project I led was moving our training pipeline to a feature store.",
        "The situation was that every team computed features differently, and",
        "offline and online numbers did not match.",
        "So my task was",
        "to get one definition of each feature used in both places.",
    ),
    (
        "Cross validation splits the data into folds and",
        "trains on all but one fold each time.",
        "You average the scores, so",
        "the estimate does not depend on one lucky split.",
        "For time series you have to keep the order, um",
        "so you only ever validate on the future.",
    ),
    (
        "A convolution slides a small filter over the image.",
        "The same weights are used everywhere, so",
        "the layer has few parameters and",
        "it finds a pattern wherever it appears.",
    ),
    (
        "I would handle class imbalance first by looking at the metric.",
        "Accuracy is useless when one class is ninety nine percent, so",
        "I would use precision recall curves.",
        "Then I might reweight the loss or",
        "resample the minority class.",
    ),
    (
        "Regularisation adds a penalty on the size of the weights.",
        "L1 pushes many weights to exactly zero, and",
        "L2 shrinks all of them smoothly.",
        "The other part is",
        "that the penalty strength is a hyperparameter you tune on validation data.",
    ),
    (
        "To serve a large language model cheaply I would quantise the weights, um",
        "probably to four or eight bits.",
        "Then I would batch requests continuously, because",
        "the GPU is mostly waiting on memory otherwise.",
    ),
    (
        "A time I disagreed with my manager was about launching a model early.",
        "I thought the offline metrics were not enough, so",
        "I proposed a small online test first.",
        "We ran it for a week and",
        "it showed a drop in retention that we then fixed.",
    ),
    (
        "The vanishing gradient problem happens in deep networks when",
        "the gradients get multiplied by small numbers layer after layer.",
        "Residual connections help, because",
        "the gradient can flow straight through the skip path.",
    ),
    (
        "Tokenisation splits text into pieces the model can embed.",
        "Byte pair encoding starts from characters and",
        "merges the most frequent pairs again and again.",
        "So common words become one token, and",
        "rare words are split into several.",
    ),
    (
        "For monitoring a model in production I would watch the input distribution.",
        "If the features drift, um",
        "the model's accuracy usually drops before anyone notices.",
        "I would also log the predictions and",
        "compare them with the labels as they arrive.",
    ),
    (
        "Random forests average many decision trees.",
        "Each tree sees a bootstrap sample and",
        "a random subset of features at each split, so",
        "the trees make different mistakes.",
        "Averaging them reduces the variance.",
    ),
    (
        "The difference between L1 and L2 loss is how they treat outliers.",
        "L2 squares the error, so",
        "one large outlier can dominate the fit.",
        "L1 grows linearly, which",
        "makes it more robust but harder to optimise at zero.",
    ),
    (
        "I would design the search ranking system around click logs.",
        "The tricky part is position bias, because",
        "people click the top results more whatever they are.",
        "So I would either randomise a small slice of traffic or",
        "model the position effect explicitly.",
    ),
    (
        "Embeddings map discrete things like words or users into vectors.",
        "Similar items end up close together, and",
        "you can use that for search or recommendations.",
        "The other part is",
        "that embeddings learned for one task often transfer to another.",
    ),
    (
        "When a training run diverges I first check the data.",
        "Um",
        "a single bad batch with huge values can do it.",
        "Then I lower the learning rate and",
        "add gradient clipping.",
    ),
    (
        "The transformer's positional encoding tells the model where each token is.",
        "Without it attention is order blind, so",
        "the cat sat on the mat would look like the mat sat on the cat.",
        "Newer models use rotary embeddings, which",
        "encode relative positions directly in the attention scores.",
    ),
    (
        "One mistake I made was shipping a model without a fallback.",
        "When the feature service went down, um",
        "every request failed instead of degrading.",
        "Since then I always add a simple rule based fallback and",
        "I test that path before launch.",
    ),
    (
        "The ROC curve plots the true positive rate against the false positive rate.",
        "The area under it is the chance that a random positive scores above a random negative.",
        "It ignores class balance, so",
        "for rare positives the precision recall curve is more honest.",
    ),
    (
        "K means picks k centres and",
        "assigns each point to the nearest one.",
        "Then it moves each centre to the mean of its points, and",
        "repeats until nothing changes.",
        "You have to choose k yourself, um",
        "for example with the elbow method.",
    ),
    (
        "Fine tuning a large model on a small dataset risks forgetting what it knew.",
        "Parameter efficient methods like LoRA only train small low rank matrices, so",
        "the base weights stay frozen.",
        "It is also much cheaper, because",
        "you store one small adapter per task.",
    ),
    (
        "For an A B test I would fix the metric and the sample size before starting.",
        "Peeking at the results every day inflates false positives, so",
        "either you wait or you use a sequential test.",
        "The other part is",
        "checking that the two groups are really balanced.",
    ),
    (
        "Naive Bayes assumes the features are independent given the class.",
        "That is almost never true, but",
        "it still works well for text classification.",
        "It is fast to train and",
        "it needs very little data.",
    ),
    (
        "I like to explain a model's predictions with feature attributions.",
        "SHAP values split a prediction among the features, and",
        "they add up to the difference from the average prediction.",
        "Um",
        "they can be slow for big models though.",
    ),
    (
        "The hardest bug I fixed was a training serving skew.",
        "The model was great offline, but",
        "online it was worse than the old one.",
        "It turned out that one feature was computed in a different time zone, so",
        "the model saw shifted values in production.",
    ),
    (
        "A recurrent network processes a sequence one step at a time and",
        "carries a hidden state forward.",
        "LSTMs add gates, so",
        "the network can decide what to remember and what to forget.",
    ),
    (
        "Early stopping watches the validation loss during training.",
        "When it stops improving for a few epochs, um",
        "you stop and keep the best checkpoint.",
        "It is a cheap kind of regularisation, and",
        "it saves compute too.",
    ),
    (
        "To reduce inference latency I would profile first.",
        "Often the model is not the bottleneck at all, and",
        "the time goes into feature lookups.",
        "If it is the model, I would try distillation into a smaller one, or",
        "cache the results for frequent inputs.",
    ),
    (
        "Principal component analysis finds the directions of largest variance.",
        "You project the data onto the top components, so",
        "you keep most of the information in fewer dimensions.",
        "The other part is",
        "that it only captures linear structure.",
    ),
    (
        "When I joined my last team the on call load was very high.",
        "I grouped the alerts by cause and",
        "found that most came from two flaky jobs.",
        "Fixing those took a week, um",
        "and the pages dropped by about two thirds.",
    ),
    (
        "Retrieval augmented generation looks up documents related to the question.",
        "Those documents go into the prompt, so",
        "the model can answer from facts it was never trained on.",
        "The quality depends a lot on retrieval, because",
        "the model trusts whatever it is given.",
    ),
    (
        "The softmax turns a vector of scores into probabilities.",
        "It exponentiates each score and",
        "divides by the sum.",
        "In practice you subtract the maximum first, um",
        "so the exponentials do not overflow.",
    ),
    (
        "For a fraud model the labels arrive weeks late.",
        "So I would train on data that is old enough to have settled labels, and",
        "use proxy signals like chargebacks for early monitoring.",
        "The other part is",
        "that fraudsters adapt, so the model needs regular retraining.",
    ),
    (
        "Gradient boosting fits trees one after another.",
        "Each new tree fits the errors of the ensemble so far, and",
        "a small learning rate keeps each step modest.",
        "It usually beats random forests on tabular data, but",
        "it needs more careful tuning.",
    ),
    (
        "My approach to a new machine learning problem is to define success first.",
        "Um",
        "what metric matters to the business, and",
        "what would a good enough model look like.",
        "Then I look at the data before building anything.",
    ),
    (
        "Contrastive learning pulls together two views of the same example and",
        "pushes apart views of different examples.",
        "The model learns useful features without labels, so",
        "you can pretrain on a lot of raw data.",
    ),
)
"""English answers: fragments separated by thinking pauses; the last ends the answer."""

CHINESE: tuple[tuple[tuple[str, str], ...], ...] = (
    (
        (
            "过拟合就是模型把训练数据里的噪声也学进去了，然后",
            "guo4 ni3 he2 jiu4 shi4 mo2 xing2 ba3 xun4 lian4 shu4 ju4 li3 de5 zao4 sheng1 ye3 "
            "xue2 jin4 qu4 le5, ran2 hou4",
        ),
        (
            "在新数据上效果就变差了。",
            "zai4 xin1 shu4 ju4 shang4 xiao4 guo3 jiu4 bian4 cha4 le5.",
        ),
        (
            "解决办法有正则化，还有",
            "jie3 jue2 ban4 fa3 you3 zheng4 ze2 hua4, hai2 you3",
        ),
        (
            "增加数据和提前停止。",
            "zeng1 jia1 shu4 ju4 he2 ti2 qian2 ting2 zhi3.",
        ),
    ),
    (
        (
            "精确率是预测为正的样本里真正为正的比例。",
            "jing1 que4 lv4 shi4 yu4 ce4 wei2 zheng4 de5 yang4 ben3 li3 zhen1 zheng4 wei2 "
            "zheng4 de5 bi3 li4.",
        ),
        (
            "召回率是真正的正样本里被找出来的比例，所以",
            "zhao4 hui2 lv4 shi4 zhen1 zheng4 de5 zheng4 yang4 ben3 li3 bei4 zhao3 chu1 lai2 "
            "de5 bi3 li4, suo3 yi3",
        ),
        (
            "在欺诈检测里我更看重召回率。",
            "zai4 qi1 zha4 jian3 ce4 li3 wo3 geng4 kan4 zhong4 zhao4 hui2 lv4.",
        ),
    ),
    (
        (
            "我会先做一个简单的基线模型，因为",
            "wo3 hui4 xian1 zuo4 yi2 ge4 jian3 dan1 de5 ji1 xian4 mo2 xing2, yin1 wei4",
        ),
        (
            "它能告诉我这个问题到底有多难。",
            "ta1 neng2 gao4 su4 wo3 zhe4 ge4 wen4 ti2 dao4 di3 you3 duo1 nan2.",
        ),
        (
            "嗯",
            "en4",
        ),
        (
            "然后再试梯度提升树。",
            "ran2 hou4 zai4 shi4 ti1 du4 ti2 sheng1 shu4.",
        ),
    ),
    (
        (
            "注意力机制让每个词都能看到其他所有的词，然后",
            "zhu4 yi4 li4 ji1 zhi4 rang4 mei3 ge4 ci2 dou1 neng2 kan4 dao4 qi2 ta1 suo3 you3 "
            "de5 ci2, ran2 hou4",
        ),
        (
            "按相关程度给它们加权。",
            "an4 xiang1 guan1 cheng2 du4 gei3 ta1 men5 jia1 quan2.",
        ),
        (
            "另外一点是",
            "ling4 wai4 yi4 dian3 shi4",
        ),
        (
            "计算量和序列长度的平方成正比。",
            "ji4 suan4 liang4 he2 xu4 lie4 chang2 du4 de5 ping2 fang1 cheng2 zheng4 bi3.",
        ),
    ),
    (
        (
            "上线以后我会监控输入数据的分布。",
            "shang4 xian4 yi3 hou4 wo3 hui4 jian1 kong4 shu1 ru4 shu4 ju4 de5 fen1 bu4.",
        ),
        (
            "如果特征发生漂移，那个",
            "ru2 guo3 te4 zheng1 fa1 sheng1 piao1 yi2, na4 ge4",
        ),
        (
            "模型效果往往会先下降。",
            "mo2 xing2 xiao4 guo3 wang3 wang3 hui4 xian1 xia4 jiang4.",
        ),
        (
            "所以还要记录预测结果，和",
            "suo3 yi3 hai2 yao4 ji4 lu4 yu4 ce4 jie2 guo3, he2",
        ),
        (
            "后来到的标签做对比。",
            "hou4 lai2 dao4 de5 biao1 qian1 zuo4 dui4 bi3.",
        ),
    ),
    (
        (
            "我带过的最大的项目是统一特征平台。",
            "wo3 dai4 guo4 de5 zui4 da4 de5 xiang4 mu4 shi4 tong3 yi1 te4 zheng1 ping2 tai2.",
        ),
        (
            "当时每个团队算特征的方法都不一样，所以",
            "dang1 shi2 mei3 ge4 tuan2 dui4 suan4 te4 zheng1 de5 fang1 fa3 dou1 bu4 yi2 "
            "yang4, suo3 yi3",
        ),
        (
            "线上和线下的结果对不上。",
            "xian4 shang4 he2 xian4 xia4 de5 jie2 guo3 dui4 bu2 shang4.",
        ),
        (
            "嗯，我的任务就是",
            "en4, wo3 de5 ren4 wu4 jiu4 shi4",
        ),
        (
            "让两边用同一套特征定义。",
            "rang4 liang3 bian1 yong4 tong2 yi2 tao4 te4 zheng1 ding4 yi4.",
        ),
    ),
)
"""Chinese answers: (characters, tone-numbered pinyin) per fragment."""
